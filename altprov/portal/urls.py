from django.urls import path

from . import views

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
