from django.urls import path

from . import send_views, views

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
]
