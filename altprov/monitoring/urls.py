from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("placements/<int:placement_id>/termly-reports/add/", views.report_add, name="report_add"),
    path("placements/<int:placement_id>/visits/add/", views.visit_add, name="visit_add"),
    path("placements/<int:placement_id>/incidents/add/", views.incident_add, name="incident_add"),
    path(
        "incidents/<int:incident_id>/ap-lead-decision/",
        views.incident_decide,
        {"who": "ap_lead"},
        name="incident_ap_lead",
    ),
    path(
        "incidents/<int:incident_id>/headteacher-decision/",
        views.incident_decide,
        {"who": "headteacher"},
        name="incident_headteacher",
    ),
    path(
        "placements/<int:placement_id>/formal-reviews/add/",
        views.formal_review_add,
        name="formal_review_add",
    ),
    path(
        "placements/<int:placement_id>/continue-or-end/",
        views.continuation_decide,
        name="continuation_decide",
    ),
    path("placements/<int:placement_id>/end-early/", views.early_end, name="early_end"),
]
