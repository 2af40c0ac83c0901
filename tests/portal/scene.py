"""The provider portal's world (issue 9): providers with pupils from two schools, and the provider
users who must see only their own (R-11.2, X-5).

Time is Thursday 5 November 2026 at 10:00, a school day of the demo calendar."""

import datetime as dt
from dataclasses import dataclass

from altprov.placements.models import InformationShare, Placement, PlacementRecords, PlanObjective
from altprov.portal import services
from tests.duties.helpers import attending
from tests.factories import World, make_provider, make_pupil, make_user

NOW = dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC)
TODAY = NOW.date()
MONDAY = dt.date(2026, 11, 2)

# Names of pupils a provider user of `provider` must never see.
CANARY_OTHER_PROVIDER = "Otherprovzqx"
CANARY_ENDED = "Endedzqx"
CANARY_ENDED_ONLY = "Endedonlyzqx"
SECRET_CHRONOLOGY = "Chronologyzqx"
SECRET_NEEDS = "Needszqx"


@dataclass
class Portal:
    world: World
    provider: object
    other_provider: object  # same trust
    far_provider: object  # trust B
    ended_provider: object  # every placement there has ended
    alex: Placement  # attending, school A1 (world.pupil_a1: "Alex O.")
    sam: Placement  # attending, school A2
    planned: Placement  # planned, school A1
    ended: Placement  # ended, at the provider
    other: Placement  # attending at the other provider
    far: Placement  # attending at the far provider (trust B)
    ended_only: Placement
    user: object = None
    other_user: object = None
    far_user: object = None
    ended_user: object = None


def provider_user(provider, email, name="Pat Provider"):
    return make_user(email, full_name=name, provider=provider)


def build(world: World) -> Portal:
    trust_a, trust_b = world.trust_a, world.trust_b
    provider = make_provider(trust_a, "Moorside Centre")
    other_provider = make_provider(trust_a, "Other Provider Trust A")
    far_provider = make_provider(trust_b, World.CANARY_B1 + " Far Provider")
    ended_provider = make_provider(trust_a, "Ended Provider")
    alex = attending(world, world.pupil_a1, provider)
    sam = attending(
        world, make_pupil(world.school_a2, first_name="Sam", last_name="Second"), provider
    )
    planned = attending(
        world, make_pupil(world.school_a1, first_name="Robin", last_name="Planned"), provider
    )
    Placement.objects.filter(pk=planned.pk).update(
        status=Placement.Status.PLANNED, started_on=None, start_date=dt.date(2026, 11, 23)
    )
    planned.refresh_from_db()
    ended = attending(
        world, make_pupil(world.school_a1, first_name=CANARY_ENDED, last_name="Gone"), provider
    )
    _end(ended)
    other = attending(
        world,
        make_pupil(world.school_a1, first_name=CANARY_OTHER_PROVIDER, last_name="Else"),
        other_provider,
    )
    far = attending(world, world.canary_b1, far_provider)
    ended_only = attending(
        world,
        make_pupil(world.school_a1, first_name=CANARY_ENDED_ONLY, last_name="Done"),
        ended_provider,
    )
    _end(ended_only)
    p = Portal(
        world, provider, other_provider, far_provider, ended_provider,
        alex, sam, planned, ended, other, far, ended_only,
    )  # fmt: skip
    p.user = provider_user(provider, "pat@moorside.example.org")
    p.other_user = provider_user(other_provider, "olu@other.example.org", "Olu Other")
    p.far_user = provider_user(far_provider, "fay@far.example.org", "Fay Far")
    p.ended_user = provider_user(ended_provider, "eve@ended.example.org", "Eve Ended")
    return p


def _end(placement):
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.ENDED, ended_on=dt.date(2026, 11, 3)
    )
    placement.refresh_from_db()


def what_the_school_recorded(p: Portal):
    """Alex's plan, pastoral contact, one thing shared and, besides, records the provider must
    not see (the chronology, needs)."""
    from altprov.authz.permissions import Role
    from altprov.chronology.services import entry_add

    world = p.world
    ap = world.users[Role.AP_LEAD]
    PlacementRecords.objects.update_or_create(
        placement=p.alex, defaults={"pastoral_contact": world.users[Role.STAFF_MEMBER]}
    )
    PlanObjective.objects.create(
        placement=p.alex, objective="Read for 20 minutes a day", timeframe="By Easter",
        measure="Reading age",
    )  # fmt: skip
    InformationShare.objects.create(
        placement=p.alex, category="medical", what="Asthma: inhaler in bag",
        shared_on=dt.date(2026, 10, 1), method="secure_email", lawful_basis="public_task",
        shared_by=ap,
    )  # fmt: skip
    InformationShare.objects.create(
        placement=p.other, category="medical", what=CANARY_OTHER_PROVIDER + " shared",
        shared_on=dt.date(2026, 10, 1), method="secure_email", lawful_basis="public_task",
        shared_by=ap,
    )  # fmt: skip
    entry_add(
        pupil=world.pupil_a1, kind="note", occurred_on=dt.date(2026, 10, 2),
        summary=SECRET_CHRONOLOGY, detail="", automatic=False, by=ap,
    )  # fmt: skip


def switched_off(p: Portal, by):
    return services.provider_user_switch_off(
        provider=p.provider, user_id=provider_user(p.provider, "off@moorside.example.org").pk,
        by=by,
    )  # fmt: skip
