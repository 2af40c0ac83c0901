"""Issue 10, P7: gives (or with --remove, takes away) the Service oversight role, held outside
every trust, which sees the national and regional dashboards (counts only, small numbers
suppressed). Only this command grants it; no trust administrator can."""

from altprov.authz.permissions import Role

from .grant_service_admin import Command as GrantServiceRole


class Command(GrantServiceRole):
    help = "Gives a person the Service oversight role (the national and regional dashboards)."
    role = Role.SERVICE_OVERSIGHT
