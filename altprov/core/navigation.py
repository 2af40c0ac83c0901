"""The service navigation: what the user's roles allow, in the current school or trust."""

from dataclasses import dataclass

from django.urls import reverse

from altprov.authz.checks import (
    has_permission,
    has_service_permission,
    trust_ids_reaching,
    trust_ids_with,
)
from altprov.authz.permissions import Permission
from altprov.organisations.selectors import current_school


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool


def items_for(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or not user.is_verified():
        return []
    if user.provider_id is not None:
        return portal_items(request)
    school = current_school(request)
    entries: list[tuple[str, str]] = [("Home", reverse("core:home"))]
    if school and has_permission(user, Permission.VIEW_PUPILS, school=school):
        entries.append(("Pupils", reverse("pupils:list")))
        entries.append(("Referrals", reverse("referrals:list")))
        entries.append(("Placements", reverse("placements:list")))
        entries.append(("Suspensions", reverse("suspensions:school")))
    if school and has_permission(user, Permission.VIEW_ATTENDANCE, school=school):
        entries.append(("Attendance", reverse("attendance:school", args=[school.pk])))
    if trust_ids_with(user, Permission.VIEW_DUE_DUTIES):
        entries.append(("Due dates", reverse("duties:trust")))
    elif school and has_permission(user, Permission.VIEW_DUE_DUTIES, school=school):
        entries.append(("Due dates", reverse("duties:school", args=[school.pk])))
    if trust_ids_with(user, Permission.VIEW_BUDGETS):
        entries.append(("AP budgets", reverse("budgets:trust")))
    elif school and has_permission(user, Permission.VIEW_BUDGETS, school=school):
        entries.append(("AP budget", reverse("budgets:school", args=[school.pk])))
    if trust_ids_reaching(user, Permission.VIEW_PROVIDERS):
        entries.append(("Providers", reverse("providers:list")))
    reports = report_links(request)
    if reports:
        entries.append(("Reports", reports[0][1]))
    if trust_ids_with(user, Permission.MANAGE_SCHOOLS):
        entries.append(("Schools", reverse("organisations:school_list")))
    if trust_ids_with(user, Permission.MANAGE_STAFF):
        entries.append(("Staff", reverse("staff:list")))
    if trust_ids_with(user, Permission.CHECK_REGISTRATIONS):
        entries.append(("GIAS checks", reverse("gias:checks")))
    if trust_ids_with(user, Permission.MANAGE_API_CLIENTS):
        entries.append(("API tokens", reverse("api_clients:list")))
    if has_service_permission(user, Permission.IMPORT_GIAS):
        entries.append(("GIAS register", reverse("gias:import")))
    if has_service_permission(user, Permission.VIEW_NATIONAL_DASHBOARD):
        entries.append(("National dashboard", reverse("national:dashboard")))
    if school and has_permission(user, Permission.VIEW_TRUST_SETTINGS, school=school):
        entries.append(("Trust settings", reverse("organisations:settings")))
    if (school and has_permission(user, Permission.VIEW_ACCESS_LOG, school=school)) or (
        trust_ids_with(user, Permission.VIEW_ACCESS_LOG)
    ):
        entries.append(("Access log", reverse("audit:access_log")))
    retention = None
    if school and has_permission(user, Permission.CONFIRM_RETENTION_DELETIONS, school=school):
        retention = reverse("retention:due", args=[school.pk])
        entries.append(("Retention", retention))
    path = request.path
    # Pages under another prefix that belong to a section of the navigation.
    for prefix, owner in (
        ("/audits/", "/providers/"),
        ("/reports/", reports[0][1] if reports else path),
        ("/evidence/", "/providers/"),
        ("/due/", "/due/trust/" if trust_ids_with(user, Permission.VIEW_DUE_DUTIES) else path),
        ("/budgets/", "/budgets/trust/" if trust_ids_with(user, Permission.VIEW_BUDGETS) else path),
        ("/retention/", retention or path),
    ):
        if path.startswith(prefix):
            path = owner
    items = []
    for text, href in entries:
        is_current = path == href if href == "/" else path.startswith(href)
        items.append(NavItem(text, href, is_current))
    return items


def portal_items(request) -> list[NavItem]:
    """A provider user's navigation (issue 9): the portal only."""
    home, today = reverse("portal:home"), reverse("portal:today")
    requests = reverse("portal:requests")
    path = request.path
    return [
        NavItem(
            "Today and your pupils", home, path == home or path.startswith(home + "placements/")
        ),
        NavItem("Enter today's marks", today, path.startswith(today)),
        NavItem("Requests from schools", requests, path.startswith(requests)),
    ]


def report_links(request) -> list[tuple[str, str]]:
    """The reports the user may open (R-10.9), the widest first: the trust's schools side by
    side, the current school's AP report, the governance report (aggregates only)."""
    user = request.user
    school = current_school(request)
    links = []
    if trust_ids_with(user, Permission.VIEW_TRUST_REPORTS):
        links.append(("The trust's schools side by side", reverse("reports:trust")))
    if school and has_permission(user, Permission.VIEW_SCHOOL_REPORTS, school=school):
        links.append((f"{school.name}: AP report", reverse("reports:school", args=[school.pk])))
    if trust_ids_reaching(user, Permission.VIEW_AGGREGATE_REPORTS):
        links.append(("For trustees and local academy committees", reverse("reports:governance")))
    return links
