from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("referrals/<int:referral_id>/placement/", views.placement_add, name="add"),
    path("placements/<int:placement_id>/", views.placement_detail, name="detail"),
    path("placements/<int:placement_id>/sit-agreement/", views.sit_agree, name="sit_agree"),
]
