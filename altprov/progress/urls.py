from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("placements/<int:placement_id>/progress/", views.objectives, name="objectives"),
    path("objectives/<int:objective_id>/progress/add/", views.progress_add, name="progress_add"),
]
