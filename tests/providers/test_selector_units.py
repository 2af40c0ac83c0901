"""R-5.1, R-5.9: the provider selectors' own rules: "in use by my school", and the audit whose
counts the threshold reads."""

import datetime as dt

import pytest

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from altprov.provider_audits.selectors import latest_reporting_audit
from altprov.providers.models import Provider
from altprov.providers.suitability import in_use_by
from tests.duties.helpers import attending
from tests.factories import complete_audit, make_provider, make_pupil

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_R5_1_in_use_by_a_school_means_audited_by_it_or_a_live_placement_of_its_pupils(world):
    a1, a2, ap = world.school_a1, world.school_a2, world.users[Role.AP_LEAD]
    audited = make_provider(world.trust_a, "Audited by A1")
    complete_audit(audited, a1, by=ap)
    planned, ended, elsewhere, audited_elsewhere = (
        make_provider(world.trust_a, name)
        for name in ("Planned for A1", "Ended for A1", "Placed by A2", "Audited by A2")
    )
    complete_audit(audited_elsewhere, a2, by=ap)
    attending(world, make_pupil(a1), planned).__class__.objects.filter(provider=planned).update(
        status=Placement.Status.PLANNED
    )
    attending(world, make_pupil(a1), ended).__class__.objects.filter(provider=ended).update(
        status=Placement.Status.ENDED
    )
    attending(world, make_pupil(a2), elsewhere)
    in_use = set(Provider.objects.filter(in_use_by(a1.pk)).values_list("name", flat=True))
    assert in_use == {"Audited by A1", "Planned for A1"}
    in_use_a2 = set(Provider.objects.filter(in_use_by(a2.pk)).values_list("name", flat=True))
    assert in_use_a2 == {"Placed by A2", "Audited by A2"}


def test_R5_9_the_latest_reporting_audit_is_the_latest_visit_then_the_latest_made(world):
    ap = world.users[Role.AP_LEAD]
    provider = make_provider(world.trust_a, registration_status="unregistered")
    later_visit = complete_audit(
        provider, world.school_a1, by=ap, visit=TODAY - dt.timedelta(days=5), reported_full_time=1
    )
    complete_audit(
        provider, world.school_a2, by=ap, visit=TODAY - dt.timedelta(days=9), reported_full_time=2
    )
    assert latest_reporting_audit(provider) == later_visit  # made first, visited last
    same_day = complete_audit(
        provider, world.school_a1, by=ap, visit=TODAY - dt.timedelta(days=5), reported_full_time=3
    )
    assert latest_reporting_audit(provider) == same_day  # the same visit day: the latest made
