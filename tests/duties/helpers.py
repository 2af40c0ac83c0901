import datetime as dt

from altprov.authz.permissions import Role
from altprov.placements.models import Placement
from tests.factories import complete_audit, make_letter, make_provider
from tests.placements.test_placement import agreed_referral


def attending(world, pupil, provider=None, *, start=dt.date(2026, 10, 5), end=dt.date(2027, 5, 1)):
    """An attending placement of `pupil` (at a new registered provider unless one is given)."""
    provider = provider or make_provider(pupil.school.trust)
    referral = agreed_referral(world, pupil)
    return Placement.objects.create(
        referral=referral,
        provider=provider,
        start_date=start,
        planned_end_date=end,
        status=Placement.Status.ACTIVE,
        started_on=start,
        created_by=world.users[Role.AP_LEAD],
    )


def audited_provider(world, name, *, visit, letter_due=None, school=None, next_steps=""):
    """A provider audited and signed off by school A1's staff (or `school`), with a letter."""
    ap, dsl, head = world.users[Role.AP_LEAD], world.users[Role.DSL], world.users[Role.HEADTEACHER]
    provider = make_provider(world.trust_a, name)
    complete_audit(
        provider,
        school or world.school_a1,
        by=ap,
        dsl=dsl,
        sign_off_by=head,
        visit=visit,
        next_steps=next_steps,
    )
    if letter_due is not None:
        make_letter(
            provider, ap, received_on=letter_due - dt.timedelta(days=365), renewal_due=letter_due
        )
    return provider
