from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("", views.provider_list, name="list"),
    path("add/", views.provider_add, name="add"),
    path("due-for-re-audit/", views.due_for_reaudit, name="due_for_reaudit"),
    path("<int:provider_id>/", views.provider_detail, name="detail"),
    path("<int:provider_id>/edit/", views.provider_edit, name="edit"),
    path("<int:provider_id>/sites/add/", views.site_add, name="site_add"),
    path("<int:provider_id>/sites/<int:site_id>/edit/", views.site_edit, name="site_edit"),
    path("<int:provider_id>/sites/<int:site_id>/remove/", views.site_remove, name="site_remove"),
    path("<int:provider_id>/contacts/add/", views.contact_add, name="contact_add"),
    path(
        "<int:provider_id>/contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"
    ),
    path(
        "<int:provider_id>/contacts/<int:contact_id>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("<int:provider_id>/ofsted/add/", views.inspection_add, name="inspection_add"),
    path(
        "<int:provider_id>/ofsted/add/<slug:scheme>/",
        views.inspection_add_outcome,
        name="inspection_add_outcome",
    ),
    path(
        "<int:provider_id>/ofsted/<int:inspection_id>/remove/",
        views.inspection_remove,
        name="inspection_remove",
    ),
    path("<int:provider_id>/letters-of-comfort/add/", views.letter_add, name="letter_add"),
]
