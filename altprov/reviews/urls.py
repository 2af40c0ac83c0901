from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("placements/<int:placement_id>/reviews/add/", views.review_add, name="add"),
]
