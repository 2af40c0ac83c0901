from django.urls import path

from . import views, views_plan

app_name = "placements"

urlpatterns = [
    path("placements/", views.placement_list, name="list"),
    path("referrals/<int:referral_id>/placement/", views.placement_add, name="add"),
    path("placements/<int:placement_id>/", views.placement_detail, name="detail"),
    path("placements/<int:placement_id>/sit-agreement/", views.sit_agree, name="sit_agree"),
    path("placements/<int:placement_id>/pastoral-contact/", views_plan.pastoral, name="pastoral"),
    path("placements/<int:placement_id>/plan/", views_plan.plan, name="plan"),
    path(
        "placements/<int:placement_id>/plan/objectives/add/",
        views.objective_add,
        name="objective_add",
    ),
    path(
        "placements/<int:placement_id>/information/add/",
        views.information_add,
        name="information_add",
    ),
    path("placements/<int:placement_id>/la-caseworker/", views.caseworker, name="caseworker"),
    path(
        "placements/<int:placement_id>/trust-approval/", views.trust_approve, name="trust_approve"
    ),
    path("placements/<int:placement_id>/notice/", views.notice, name="notice"),
    path("placements/<int:placement_id>/notice/letter/", views.notice_letter, name="notice_letter"),
    path("placements/<int:placement_id>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("placements/<int:placement_id>/start/", views.start, name="start"),
]
