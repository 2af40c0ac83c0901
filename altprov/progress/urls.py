from django.urls import path

from . import exam_views, send_views, views

app_name = "progress"

urlpatterns = [
    path("placements/<int:placement_id>/progress/", views.objectives, name="objectives"),
    path("objectives/<int:objective_id>/progress/add/", views.progress_add, name="progress_add"),
    path("placements/<int:placement_id>/contacts/", views.contacts, name="contacts"),
    path("placements/<int:placement_id>/contacts/add/", views.contact_add, name="contact_add"),
    path("pastoral-contact/", views.pastoral, name="pastoral"),
    path("placements/<int:placement_id>/send/", send_views.send, name="send"),
    path(
        "placements/<int:placement_id>/send/documents/add/",
        send_views.send_document_add,
        name="send_document_add",
    ),
    path(
        "placements/<int:placement_id>/send/recommendations/add/",
        send_views.recommendation_add,
        name="recommendation_add",
    ),
    path("placements/<int:placement_id>/send/ehcp-date/", send_views.ehcp_date, name="ehcp_date"),
    path(
        "placements/<int:placement_id>/send/ehcp-reviews/add/",
        send_views.ehcp_review_add,
        name="ehcp_review_add",
    ),
    path("placements/<int:placement_id>/exams/", exam_views.exams, name="exams"),
    path("placements/<int:placement_id>/exams/add/", exam_views.exam_add, name="exam_add"),
    path("exam-arrangements/<int:arrangement_id>/", exam_views.exam_edit, name="exam_edit"),
    path("schools/<int:school_id>/placement-progress/", exam_views.tracking, name="tracking"),
]
