from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"

urlpatterns = [
    path("schools/<int:school_id>/", views.school_report, name="school"),
    path("schools/<int:school_id>/census/", views.census, name="census"),
    # before the tables' downloads, whose key would otherwise match "census"
    path("schools/<int:school_id>/census.<fmt:fmt>", views.census_download, name="census_download"),
    path("schools/<int:school_id>/<slug:key>.<fmt:fmt>", views.school_table, name="school_table"),
    path("trust/", views.trust_report, name="trust"),
    path("trust/<int:trust_id>/<slug:key>.<fmt:fmt>", views.trust_table, name="trust_table"),
    path("governance/", views.governance_report, name="governance"),
    path(
        "governance/<int:trust_id>/<slug:key>.<fmt:fmt>",
        views.governance_table,
        name="governance_table",
    ),
    path("governance/schools/<int:school_id>/termly.pdf", views.lac_pdf, name="lac_pdf"),
]
