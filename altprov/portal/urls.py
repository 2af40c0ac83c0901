from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]

# What a provider submits besides attendance (issue 9): termly reports, serious incidents and
# the audit self-assessment schools ask for (altprov/portal/views_reports.py).
from . import views_reports  # noqa: E402

urlpatterns += [
    path(
        "placements/<int:placement_id>/reports/",
        views_reports.placement_reports,
        name="placement_reports",
    ),
    path(
        "placements/<int:placement_id>/termly-report/",
        views_reports.report_add,
        name="report_add",
    ),
    path(
        "placements/<int:placement_id>/incidents/add/",
        views_reports.incident_add,
        name="incident_add",
    ),
    path("requests/", views_reports.requests_list, name="requests"),
    path("requests/<int:request_id>/", views_reports.request_answer, name="request"),
]
