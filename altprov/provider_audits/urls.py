from django.urls import path

from . import views

app_name = "provider_audits"

urlpatterns = [
    path("providers/<int:provider_id>/audits/start/", views.audit_start, name="start"),
    path("audits/<int:audit_id>/", views.audit_overview, name="overview"),
    path("audits/<int:audit_id>/pdf/", views.audit_pdf, name="pdf"),
    path("audits/<int:audit_id>/people/add/", views.person_add, name="person_add"),
    path(
        "audits/<int:audit_id>/people/<int:person_id>/remove/",
        views.person_remove,
        name="person_remove",
    ),
    path(
        "audits/<int:audit_id>/confirm-safeguarding/",
        views.confirm_safeguarding,
        name="confirm_safeguarding",
    ),
    path("audits/<int:audit_id>/sign-off/", views.sign_off, name="sign_off"),
    path("audits/actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("audits/<int:audit_id>/<slug:section>/", views.audit_section, name="section"),
]
