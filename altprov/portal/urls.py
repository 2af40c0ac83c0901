from django.urls import path

from . import views, views_reports

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("attendance/today/", views.today_entry, name="today"),
    path("placements/<int:placement_id>/", views.placement_detail, name="placement"),
    path(
        "placements/<int:placement_id>/attendance/",
        views.placement_week,
        name="placement_week",
    ),
    path("placements/<int:placement_id>/absence/", views.absence_notify, name="absence"),
]

# What a provider submits besides attendance (issue 9): termly reports, serious incidents and
# the audit self-assessment schools ask for (altprov/portal/views_reports.py).
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
