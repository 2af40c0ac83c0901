from django.urls import include, path

urlpatterns = [
    path("", include("altprov.core.urls")),
    path("", include("altprov.accounts.urls")),
    path("trust/", include("altprov.organisations.urls")),
    path("trust/", include("altprov.termdates.urls")),
    path("trust/staff/", include("altprov.staff.urls")),
    path("account/invitations/", include("altprov.staff.invitation_urls")),
    path("", include("altprov.gias.urls")),
    # Before the apps whose patterns would take ".../history/" (an audit section's slug).
    path("", include("altprov.history.urls")),
    path("pupils/", include("altprov.pupils.urls")),
    path("pupils/", include("altprov.chronology.urls")),
    path("pupils/", include("altprov.sar.urls")),
    path("", include("altprov.referrals.urls")),
    path("", include("altprov.placements.urls")),
    path("", include("altprov.reviews.urls")),
    path("", include("altprov.monitoring.urls")),
    path("", include("altprov.progress.urls")),
    path("", include("altprov.suspensions.urls")),
    path("", include("altprov.attendance.urls")),
    path("", include("altprov.outcomes.urls")),
    path("due/", include("altprov.duties.urls")),
    path("budgets/", include("altprov.budgets.urls")),
    path("providers/", include("altprov.providers.urls")),
    path("", include("altprov.provider_audits.urls")),
    path("evidence/", include("altprov.evidence.urls")),
    path("access-log/", include("altprov.audit.urls")),
    path("retention/", include("altprov.retention.urls")),
    path("reports/", include("altprov.reports.urls")),
    path("portal/", include("altprov.portal.urls")),
    path("trust/api-clients/", include("altprov.api.client_urls")),
    path("api/", include("altprov.api.urls")),
    path("service/", include("altprov.national.urls")),
    path("providers/", include("altprov.portal.staff_urls")),
]

handler400 = "altprov.core.views.bad_request"
handler403 = "altprov.core.views.permission_denied"
handler404 = "altprov.core.views.page_not_found"
handler500 = "altprov.core.views.server_error"
