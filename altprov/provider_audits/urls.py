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

# The provider's self-assessment (issue 9): the request, and copying the answers in. Put first:
# "audits/<id>/<section>/" would otherwise take "ask-the-provider" for a section.
from . import views_self_assessment  # noqa: E402

urlpatterns[:0] = [
    path(
        "audits/<int:audit_id>/ask-the-provider/",
        views_self_assessment.self_assessment_request,
        name="self_assessment_request",
    ),
    path(
        "audits/<int:audit_id>/<slug:section>/copy-provider-answers/",
        views_self_assessment.self_assessment_copy,
        name="self_assessment_copy",
    ),
]
