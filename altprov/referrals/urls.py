from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("pupils/<int:pupil_id>/refer/", views.referral_start, name="start"),
    path("referrals/<int:referral_id>/", views.referral_overview, name="overview"),
    path("referrals/<int:referral_id>/reasons/", views.reasons_edit, name="reasons"),
    path("referrals/<int:referral_id>/consult/", views.consult, name="consult"),
    path("referrals/<int:referral_id>/submit/", views.submit, name="submit"),
    path("referrals/<int:referral_id>/decision/", views.decide, name="decide"),
    path("referrals/<int:referral_id>/meeting/", views.meeting, name="meeting"),
    path("referrals/<int:referral_id>/agreement/", views.agreement, name="agreement"),
]
