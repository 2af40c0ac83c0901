"""R-5.6, R-10.2: the audit selectors on their own: a provider's audits and open next steps, only
those the reader may see, in order, in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from altprov.authz.permissions import Role
from altprov.provider_audits.models import AuditAction
from altprov.provider_audits.selectors import audit_for, audits_visible_to, open_actions_for
from tests.factories import complete_audit, give_role, make_provider, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def scene(world):
    ap, dsl, head = (world.users[r] for r in (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER))
    world.provider = make_provider(world.trust_a)
    people = {"by": ap, "dsl": dsl, "sign_off_by": head}
    # Versions 1, 2 and 3, visited out of order: the first visited last.
    world.old = complete_audit(
        world.provider, world.school_a1, visit=TODAY - dt.timedelta(days=5), **people
    )
    world.new = complete_audit(
        world.provider, world.school_a1, visit=TODAY - dt.timedelta(days=9), **people
    )
    world.draft = complete_audit(  # not signed off
        world.provider, world.school_a1, by=ap, visit=TODAY - dt.timedelta(days=9)
    )
    head_a2, dsl_a2 = make_user(), make_user()
    give_role(head_a2, Role.HEADTEACHER, school=world.school_a2)
    give_role(dsl_a2, Role.DSL, school=world.school_a2)
    world.a2_audit = complete_audit(
        world.provider, world.school_a2, by=dsl_a2, dsl=dsl_a2, sign_off_by=head_a2
    )
    world.elsewhere = complete_audit(make_provider(world.trust_a), world.school_a1, **people)
    return world


def reader(user):
    return type(user).objects.get(pk=user.pk)


def action(audit, key, due=None, done=False, owner=None):
    return AuditAction.objects.create(
        audit=audit,
        question_key=key,
        description=key,
        due_on=due,
        owner=owner,
        done_at=timezone.now() if done else None,
    )


def test_R10_2_a_providers_audits_are_those_of_the_readers_schools_newest_first(
    scene, django_assert_num_queries
):
    ap = reader(scene.users[Role.AP_LEAD])
    with django_assert_num_queries(2):
        listed = [
            (a.pk, a.school.name, a.signed_off_by) for a in audits_visible_to(ap, scene.provider)
        ]
    assert [scene.old.version, scene.new.version, scene.draft.version] == [1, 2, 3]
    assert [pk for pk, _, _ in listed] == [scene.old.pk, scene.draft.pk, scene.new.pk]
    assert {school for _, school, _ in listed} == {"School A1"}
    executive = scene.users[Role.TRUST_EXECUTIVE]
    assert scene.a2_audit.pk in {a.pk for a in audits_visible_to(executive, scene.provider)}
    assert scene.elsewhere.pk not in {a.pk for a in audits_visible_to(executive, scene.provider)}
    assert list(audits_visible_to(scene.outsider, scene.provider)) == []


def test_R10_2_an_audit_is_read_with_its_people_in_one_query(scene, django_assert_num_queries):
    ap = reader(scene.users[Role.AP_LEAD])
    with django_assert_num_queries(2):
        audit = audit_for(ap, scene.new.pk)
        assert (
            audit.provider.trust.name,
            audit.school.name,
            audit.dsl_confirmed_by.full_name,
            audit.signed_off_by.full_name,
        ) == (
            "Trust A",
            "School A1",
            "Designated Safeguarding Lead (DSL) Person",
            "Headteacher Person",
        )


def test_R5_6_open_next_steps_are_the_signed_off_audits_not_done_by_due_date(
    scene, django_assert_num_queries
):
    owner = scene.users[Role.DSL]
    later = action(scene.old, "a", due=TODAY + dt.timedelta(days=30), owner=owner)
    sooner = action(scene.new, "b", due=TODAY + dt.timedelta(days=3), owner=owner)
    first = action(scene.new, "c", due=TODAY + dt.timedelta(days=3))
    action(scene.new, "d", due=TODAY, done=True)
    action(scene.draft, "e", due=TODAY)  # not signed off yet
    action(scene.a2_audit, "f", due=TODAY)  # another school's
    action(scene.elsewhere, "g", due=TODAY)  # another provider's
    ap = reader(scene.users[Role.AP_LEAD])
    with django_assert_num_queries(2):
        listed = [
            (a.pk, a.owner.full_name if a.owner else "", a.audit.school.name)
            for a in open_actions_for(ap, scene.provider)
        ]
    assert [pk for pk, _, _ in listed] == [sooner.pk, first.pk, later.pk]
    assert listed[0][1:] == (owner.full_name, "School A1")
    assert list(open_actions_for(scene.outsider, scene.provider)) == []
