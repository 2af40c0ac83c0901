"""The provider users' policy, as data (issue 9, X-5, R-11.2): every portal URL and what a
provider user of the provider may do with it. tests/portal/test_portal_matrix.py requests each
one as the provider's user (it must work), as users of another provider of the same trust, of
another trust and of a provider whose placements have all ended, and as a switched-off user
(never), with canary pupils. Every staff URL (tests/authorization/policy.py) is 404 to them all.

`kwargs(portal)` names the provider's own attending placement where the URL takes one; a URL
missing from this table fails the matrix, so a new portal page cannot ship without a line here.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PortalRule:
    kwargs: Callable | None = None  # portal scene -> URL kwargs naming the provider's own record
    method: str = "GET"
    data: Callable | None = None  # portal scene -> POST data
    ok_status: int | None = None  # default: 200 for GET, 302 for POST

    def expected_ok(self) -> int:
        if self.ok_status is not None:
            return self.ok_status
        return 200 if self.method == "GET" else 302


def own_placement(p):
    return {"placement_id": p.alex.pk}


def own_request(p):
    """A school's request that this provider answer a section of its draft audit (R-5.3)."""
    from altprov.authz.permissions import Role
    from altprov.provider_audits.models import SelfAssessmentRequest
    from altprov.provider_audits.services import audit_start

    if getattr(p, "request", None) is None:
        ap = p.world.users[Role.AP_LEAD]
        audit, _ = audit_start(provider=p.provider, school=p.world.school_a1, by=ap)
        p.request = SelfAssessmentRequest.objects.create(
            audit=audit, sections=["transition"], requested_by=ap
        )
    return {"request_id": p.request.pk}


PORTAL_POLICY: dict[str, PortalRule] = {
    "portal:home": PortalRule(),
    "portal:today": PortalRule(),
    "portal:placement": PortalRule(own_placement),
    "portal:placement_week": PortalRule(own_placement),
    "portal:absence": PortalRule(own_placement),
    # Writes, as an outsider too: an empty day saves nothing and returns to the page
    "portal:today#post": PortalRule(method="POST"),
    "portal:placement_week#post": PortalRule(own_placement, method="POST"),
    "portal:absence#post": PortalRule(
        own_placement, method="POST", data=lambda p: {"sessions": "PM", "reason": "Dentist"}
    ),
    # What a provider submits besides attendance
    "portal:placement_reports": PortalRule(own_placement),
    "portal:report_add": PortalRule(own_placement),
    "portal:incident_add": PortalRule(own_placement),
    "portal:requests": PortalRule(),
    "portal:request": PortalRule(own_request),
}
