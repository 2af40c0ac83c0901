"""The demo's national side (issue 10, P7): each demo school's region (`region_of`, given as
the school is made), the Service oversight account that sees the national and regional
dashboards, and the dashboards' figures counted once at seeding (the worker counts them again
every 15 minutes), so the national page shows the demo trusts from the first sign-in."""

from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.duties.summary import refresh_all as refresh_duties
from altprov.national.figures import refresh_all as refresh_figures
from altprov.organisations.models import Region

from .data import DEMO_DOMAIN, MAIN_SCHOOLS, MAIN_TRUST, SECOND_TRUST
from .people import demo_user

OVERSIGHT_EMAIL = f"oversight@{DEMO_DOMAIN}"
# The main trust's schools are in Yorkshire and the Humber but for its last two, in the North
# East, so one trust shows in two regions; the second trust's are in the North West.
REGIONS = {MAIN_TRUST: Region.YORKSHIRE, SECOND_TRUST: Region.NORTH_WEST}
ELSEWHERE = {MAIN_TRUST: (len(MAIN_SCHOOLS) - 2, Region.NORTH_EAST)}


def region_of(trust_name: str, index: int) -> str:
    """The region of the trust's `index`-th demo school (the demo's schools have no GIAS row to
    take it from)."""
    first, region = ELSEWHERE.get(trust_name, (None, ""))
    if first is not None and index >= first:
        return region
    return REGIONS[trust_name]


def service_oversight(password_hash: str) -> None:
    """A demo account outside both trusts with the Service oversight role: the dashboards."""
    person = demo_user(
        OVERSIGHT_EMAIL,
        "Rosalind Achebe",
        "Service oversight (national and regional dashboards)",
        password_hash=password_hash,
    )
    RoleAssignment.objects.create(user=person, role=Role.SERVICE_OVERSIGHT)


def national_side(password_hash: str) -> None:
    """The Service oversight account, then the duty summary and the schools' figures that the
    dashboards read (the figures come last: they are what the pages sum)."""
    service_oversight(password_hash)
    refresh_duties()
    refresh_figures()
