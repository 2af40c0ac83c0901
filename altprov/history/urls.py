from django.urls import path

from . import views

app_name = "history"

urlpatterns = [
    path("pupils/<int:pupil_id>/history/", views.pupil_history, name="pupil"),
    path("referrals/<int:referral_id>/history/", views.referral_history, name="referral"),
    path("placements/<int:placement_id>/history/", views.placement_history, name="placement"),
    path("placements/<int:placement_id>/plan/history/", views.plan_history, name="plan"),
    path("audits/<int:audit_id>/history/", views.audit_history, name="audit"),
    path("providers/<int:provider_id>/history/", views.provider_history, name="provider"),
]
