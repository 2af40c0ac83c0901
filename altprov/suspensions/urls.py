from django.urls import path

from . import views

app_name = "suspensions"

urlpatterns = [
    path("suspensions/", views.school_suspensions, name="school"),
    path("pupils/<int:pupil_id>/suspensions/", views.pupil_suspensions, name="pupil"),
    path("pupils/<int:pupil_id>/suspensions/add/", views.suspension_add, name="add"),
    path("suspensions/<int:suspension_id>/", views.suspension_detail, name="detail"),
    path("suspensions/<int:suspension_id>/parents-told/", views.parents_told, name="parents_told"),
]
