from django.urls import path

from . import views

app_name = "outcomes"

P = "placements/<int:placement_id>/"

urlpatterns = [
    path(f"{P}reintegration/meeting/", views.meeting, name="meeting"),
    path(f"{P}reintegration/plan/", views.plan, name="plan"),
    path(f"{P}reintegration/final-report/", views.final_report, name="final_report"),
    path(f"{P}reintegration/pupil-views/", views.pupil_views, name="pupil_views"),
    path(f"{P}reintegration/return/", views.reintegrate, name="reintegrate"),
    path(f"{P}end/", views.end, name="end"),
    path(f"{P}continued-support/add/", views.support_add, name="support_add"),
    path(f"{P}follow-up/", views.follow_up, name="follow_up"),
    path(f"{P}outcome/", views.outcome, name="outcome"),
    path(f"{P}questionnaire/add/", views.views_add, name="views_add"),
    path(f"{P}impact/", views.impact, name="impact"),
    path("trust/pupil-view-questions/", views.questions, name="questions"),
    path("trust/pupil-view-questions/add/", views.question_edit, name="question_add"),
    path(
        "trust/pupil-view-questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
]
