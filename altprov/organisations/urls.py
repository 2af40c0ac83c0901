from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/add/", views.school_add, name="school_add"),
    path("schools/<int:school_id>/", views.school_detail, name="school_detail"),
    path("schools/<int:school_id>/edit/", views.school_edit, name="school_edit"),
    path("settings/", views.trust_settings, name="settings"),
    path("settings/edit/", views.trust_settings_edit, name="settings_edit"),
    path(
        "settings/threshold-rules/<int:rule_id>/edit/",
        views.threshold_rule_edit,
        name="threshold_rule_edit",
    ),
]
