from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("attendance/schools/<int:school_id>/", views.school_attendance, name="school"),
    path("attendance/schools/<int:school_id>/week/", views.week_entry, name="week"),
    path("attendance/schools/<int:school_id>/import/", views.marks_import_page, name="import"),
    path(
        "attendance/schools/<int:school_id>/weekly-update/",
        views.weekly_update,
        name="weekly_update",
    ),
    path("attendance/follow-ups/<int:follow_up_id>/", views.follow_up_record, name="follow_up"),
    path("placements/<int:placement_id>/attendance/", views.placement_page, name="placement"),
    path(
        "placements/<int:placement_id>/attendance/absence/",
        views.notification_add,
        name="notification_add",
    ),
    path(
        "placements/<int:placement_id>/attendance/contact/",
        views.contact_add,
        name="contact_add",
    ),
    path(
        "placements/<int:placement_id>/attendance/intervention/",
        views.intervention_add,
        name="intervention_add",
    ),
]
