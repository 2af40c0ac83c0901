"""R-10.1, R-10.2, X-5: people with two hats. A role in one school gives nothing in another school
of the same trust; roles in two trusts never mix; the selectors scope by themselves, and the
services check permissions and validations without a view in front of them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from altprov.authz.checks import (
    assignments_of,
    has_permission,
    has_permission_in_trust,
    permissions_in,
    school_ids_with,
    schools_held_directly,
    trust_ids_reaching,
    trust_ids_with,
)
from altprov.authz.permissions import ROLES, Permission, Role
from altprov.chronology.selectors import timeline_for
from altprov.chronology.services import entry_add
from altprov.organisations.selectors import school_for, schools_for, trusts_for
from altprov.placements import services as placements
from altprov.placements.views import placement_for
from altprov.provider_audits.selectors import audit_for, audits_for
from altprov.providers.selectors import provider_for, providers_for
from altprov.pupils.selectors import pupil_for, pupil_to_manage, pupil_view_for, pupils_for
from altprov.referrals.views import referral_for, referrals_for
from altprov.staff.selectors import staff_member, staff_of
from tests.factories import complete_audit, give_role, make_provider, make_user
from tests.placements.test_placement import agreed_referral

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return request


# has_permission --------------------------------------------------------------------------------


def test_R10_1_a_permission_from_one_school_gives_nothing_in_another_of_the_same_trust(
    world, two_schools
):
    a1, a2 = world.school_a1, world.school_a2
    for permission in (
        Permission.MAKE_REFERRALS,
        Permission.VIEW_SAFEGUARDING_DETAIL,
        Permission.VIEW_SEND_DETAIL,
        Permission.MANAGE_PUPILS,
        Permission.EDIT_AUDITS,
    ):
        assert has_permission(two_schools, permission, school=a1), permission
        assert not has_permission(two_schools, permission, school=a2), permission
    assert has_permission(two_schools, Permission.VIEW_PUPILS, school=a2)
    # School roles never act for the trust as a whole.
    assert not has_permission(two_schools, Permission.VIEW_PUPILS, trust=world.trust_a)
    assert not has_permission(two_schools, Permission.VIEW_PUPILS, school=world.school_b1)
    assert ids(school_ids_with(two_schools, Permission.MAKE_REFERRALS)) == {a1.pk}
    assert ids(school_ids_with(two_schools, Permission.VIEW_PUPILS)) == {a1.pk, a2.pk}


def test_R10_1_X5_roles_in_two_trusts_never_mix(world, two_trusts):
    a1, b1 = world.school_a1, world.school_b1
    assert has_permission(two_trusts, Permission.VIEW_SAFEGUARDING_DETAIL, school=a1)
    assert not has_permission(two_trusts, Permission.VIEW_SAFEGUARDING_DETAIL, school=b1)
    assert not has_permission(two_trusts, Permission.VIEW_PUPILS, school=b1)
    assert has_permission(two_trusts, Permission.MANAGE_STAFF, trust=world.trust_b)
    assert has_permission(two_trusts, Permission.MANAGE_STAFF, school=b1)
    assert not has_permission(two_trusts, Permission.MANAGE_STAFF, trust=world.trust_a)
    assert not has_permission(two_trusts, Permission.MANAGE_STAFF, school=a1)
    assert not has_permission(two_trusts, Permission.MANAGE_TERM_DATES, school=world.school_a2)
    assert trust_ids_with(two_trusts, Permission.MANAGE_STAFF) == {world.trust_b.pk}
    # A school role reaches its trust for records the trust's schools share (providers), but is
    # no trust role.
    assert trust_ids_with(two_trusts, Permission.EDIT_AUDITS) == set()
    assert trust_ids_reaching(two_trusts, Permission.EDIT_AUDITS) == {world.trust_a.pk}
    assert trust_ids_reaching(two_trusts, Permission.MANAGE_PROVIDERS) == {
        world.trust_a.pk,
        world.trust_b.pk,
    }
    assert has_permission_in_trust(two_trusts, Permission.VIEW_AUDITS, world.trust_a)
    assert not has_permission_in_trust(two_trusts, Permission.VIEW_AUDITS, world.trust_b)
    assert ids(school_ids_with(two_trusts, Permission.VIEW_SCHOOL)) == {a1.pk, b1.pk}
    assert ids(school_ids_with(two_trusts, Permission.VIEW_PUPILS)) == {a1.pk}


def test_X5_no_one_signed_out_or_switched_off_holds_anything(world, two_trusts):
    anonymous = AnonymousUser()
    assert not has_permission(anonymous, Permission.VIEW_SCHOOL, school=world.school_a1)
    assert not has_permission(None, Permission.VIEW_SCHOOL, school=world.school_a1)
    assert ids(school_ids_with(anonymous, Permission.VIEW_SCHOOL)) == set()
    assert trust_ids_with(anonymous, Permission.VIEW_SCHOOL) == set()
    assert trust_ids_reaching(anonymous, Permission.VIEW_SCHOOL) == set()
    assert schools_held_directly(two_trusts, Permission.VIEW_PUPILS) == [world.school_a1]
    two_trusts.is_active = False
    two_trusts.save()
    assert schools_held_directly(two_trusts, Permission.VIEW_PUPILS) == []
    assert not has_permission(two_trusts, Permission.VIEW_SCHOOL, school=world.school_a1)
    assert ids(school_ids_with(two_trusts, Permission.VIEW_SCHOOL)) == set()
    assert trust_ids_with(two_trusts, Permission.MANAGE_STAFF) == set()
    assert trust_ids_reaching(two_trusts, Permission.VIEW_PROVIDERS) == set()
    with pytest.raises(ValueError, match="^has_permission needs a school or a trust to check"):
        has_permission(world.users[Role.AP_LEAD], Permission.VIEW_SCHOOL)


def test_X5_a_persons_roles_are_read_once_with_their_schools_and_trusts(
    world, two_trusts, django_assert_num_queries
):
    user = type(two_trusts).objects.get(pk=two_trusts.pk)
    with django_assert_num_queries(1):
        held = {
            (a.school.trust.name if a.school else None, a.trust.name) for a in assignments_of(user)
        }
    assert (world.trust_a.name, world.trust_a.name) in held
    assert (None, world.trust_b.name) in held
    with django_assert_num_queries(0):
        assert assignments_of(user) is assignments_of(user)


def test_R10_1_permissions_in_a_school_are_its_school_roles_and_its_trusts_roles(
    world, two_schools, two_trusts
):
    a1, a2, b1 = world.school_a1, world.school_a2, world.school_b1
    ap_lead, attendance = ROLES[Role.AP_LEAD].permissions, ROLES[Role.ATTENDANCE_LEAD].permissions
    assert permissions_in(two_schools, a1) == ap_lead
    assert permissions_in(two_schools, a2) == attendance
    assert permissions_in(two_schools, b1) == frozenset()
    # A trust role counts in every school of its trust and in no other.
    admin = ROLES[Role.TRUST_ADMINISTRATOR].permissions
    assert permissions_in(two_trusts, b1) == admin
    assert permissions_in(two_trusts, a1) == ROLES[Role.DSL].permissions
    assert permissions_in(two_trusts, a2) == frozenset()
    assert permissions_in(two_trusts, None) == frozenset()
    assert permissions_in(AnonymousUser(), a1) == frozenset()
    assert permissions_in(None, a1) == frozenset()
    two_schools.is_active = False
    two_schools.save()
    assert permissions_in(two_schools, a1) == frozenset()


# Selectors, called directly ------------------------------------------------------------------


def test_R10_2_pupil_selectors_are_scoped_by_school_and_sensitivity(
    world, two_schools, django_assert_num_queries
):
    own, other = world.pupil_a1, world.canary_a2
    reader = type(two_schools).objects.get(pk=two_schools.pk)
    with django_assert_num_queries(2):  # the reader's roles, then the pupil with school and trust
        assert pupil_for(reader, own.pk).school.trust.name == "Trust A"
    assert ids(pupils_for(two_schools)) == {own.pk, other.pk}
    assert pupil_for(two_schools, other.pk) == other
    with pytest.raises(Http404):
        pupil_for(two_schools, world.canary_b1.pk)
    with pytest.raises(Http404):
        pupil_for(two_schools, "not a number")
    view = pupil_view_for(two_schools, own.pk)
    assert view.shows_send and view.shows_safeguarding and view.may_change_safeguarding
    view = pupil_view_for(two_schools, other.pk)
    assert not view.shows_send and not view.shows_safeguarding and not view.may_change
    assert not view.may_change_send and not view.may_change_safeguarding
    assert pupil_to_manage(two_schools, own.pk) == own
    with pytest.raises(Http404):
        pupil_to_manage(two_schools, other.pk)


def test_R10_2_school_and_trust_selectors_are_scoped(world, two_trusts):
    assert ids(schools_for(two_trusts)) == {world.school_a1.pk, world.school_b1.pk}
    assert ids(schools_for(two_trusts, Permission.MANAGE_TERM_DATES)) == {world.school_b1.pk}
    assert school_for(two_trusts, world.school_a1.pk) == world.school_a1
    with pytest.raises(Http404):
        school_for(two_trusts, world.school_a2.pk)
    with pytest.raises(Http404):
        school_for(two_trusts, world.school_a1.pk, Permission.MANAGE_TERM_DATES)
    assert ids(trusts_for(two_trusts, Permission.MANAGE_STAFF)) == {world.trust_b.pk}
    assert ids(trusts_for(two_trusts, Permission.VIEW_PUPILS)) == set()


def test_R10_2_staff_of_a_trust_shows_only_that_trusts_roles(world, two_trusts):
    in_a = staff_of(world.trust_a).get(pk=two_trusts.pk)
    assert [a.role for a in in_a.trust_roles] == [Role.DSL]
    in_b = staff_member(world.trust_b, two_trusts.pk)
    assert [a.role for a in in_b.trust_roles] == [Role.TRUST_ADMINISTRATOR]
    with pytest.raises(Http404):
        staff_member(world.trust_b, world.users[Role.AP_LEAD].pk)
    assert list(staff_of(world.trust_a, "Two Trusts")) == [two_trusts]
    assert list(staff_of(world.trust_a, "two-trusts@")) == [two_trusts]
    assert list(staff_of(world.trust_a, "nobody at all")) == []


def test_R10_2_providers_and_audits_are_scoped(
    world, two_trusts, two_schools, django_assert_num_queries
):
    head = world.users[Role.HEADTEACHER]
    provider_a = make_provider(world.trust_a)
    provider_b = make_provider(world.trust_b)
    audit = complete_audit(
        provider_a, world.school_a1, by=world.users[Role.AP_LEAD], dsl=world.users[Role.DSL]
    )
    assert ids(providers_for(two_trusts)) == {provider_a.pk, provider_b.pk}
    fresh = type(two_schools).objects.get(pk=two_schools.pk)
    with django_assert_num_queries(2):  # the reader's roles, then the provider with its trust
        assert provider_for(fresh, provider_a.pk).trust.name == "Trust A"
    assert provider_for(two_schools, provider_a.pk) == provider_a
    with pytest.raises(Http404):
        provider_for(two_schools, provider_b.pk)
    with pytest.raises(Http404):
        provider_for(world.users[Role.STAFF_MEMBER], provider_a.pk)
    # The audit belongs to School A1: its AP Lead sees it; the same person's role at A2 does not
    # reach another school's audit, and nor does a Headteacher of another trust.
    assert audit_for(two_schools, audit.pk) == audit
    assert ids(audits_for(head)) == {audit.pk}
    a2_only = make_user("a2-ap@example.org")
    give_role(a2_only, Role.AP_LEAD, school=world.school_a2)
    assert ids(audits_for(a2_only)) == set()
    with pytest.raises(Http404):
        audit_for(a2_only, audit.pk)
    with pytest.raises(Http404):
        audit_for(world.outsider, audit.pk)


def test_R10_2_referral_and_placement_selectors_are_scoped(world, two_schools):
    own = agreed_referral(world, world.pupil_a1)
    other = agreed_referral(world, world.canary_a2)
    assert ids(referrals_for(two_schools)) == {own.pk, other.pk}
    assert referral_for(request_of(two_schools), own.pk, Permission.MAKE_REFERRALS) == own
    assert referral_for(request_of(two_schools), other.pk) == other
    with pytest.raises(Http404):
        referral_for(request_of(two_schools), other.pk, Permission.MAKE_REFERRALS)
    with pytest.raises(Http404):
        referral_for(request_of(world.outsider), own.pk)
    provider = make_provider(world.trust_a)
    placement = placements.placement_create(
        referral=other,
        provider=provider,
        site=None,
        sessions=[(0, dt.time(9), dt.time(12))],
        by=world.users[Role.AP_LEAD],
        start_date=dt.date.today() + dt.timedelta(days=20),
        planned_end_date=dt.date.today() + dt.timedelta(days=40),
        weekly_cost=Decimal("100"),
    )
    assert placement_for(request_of(two_schools), placement.pk) == placement
    with pytest.raises(Http404):
        placement_for(request_of(world.outsider), placement.pk)
    with pytest.raises(Http404):
        placement_for(request_of(world.users[Role.STAFF_MEMBER]), placement.pk)


def test_R10_2_safeguarding_entries_show_only_where_the_person_may_see_them(world, two_schools):
    for pupil in (world.pupil_a1, world.canary_a2):
        entry_add(
            pupil=pupil,
            kind="note",
            occurred_on=dt.date.today(),
            summary="Disclosure",
            safeguarding=True,
            by=world.users[Role.DSL],
        )
    own = timeline_for(two_schools, world.pupil_a1)
    assert [e.summary for e in own.entries] == ["Disclosure"] and own.hidden == 0
    other = timeline_for(two_schools, world.canary_a2)
    assert other.entries == [] and other.hidden == 1


def test_R10_1_a_person_with_trust_roles_in_two_trusts_works_in_their_current_schools_trust(
    world, two_trusts
):
    from altprov.organisations.selectors import CURRENT_SCHOOL, trust_for

    give_role(two_trusts, Role.TRUST_ADMINISTRATOR, trust=world.trust_a)
    request = request_of(two_trusts)
    request.session[CURRENT_SCHOOL] = world.school_b1.pk
    assert trust_for(request, Permission.MANAGE_STAFF) == world.trust_b
    request = request_of(two_trusts)
    request.session[CURRENT_SCHOOL] = world.school_a1.pk
    assert trust_for(request, Permission.MANAGE_STAFF) == world.trust_a
    with pytest.raises(Http404):
        trust_for(request_of(world.users[Role.AP_LEAD]), Permission.MANAGE_STAFF)
    # Working in a school of trust A, with a trust role only in trust B: trust B.
    request = request_of(two_trusts)
    request.session[CURRENT_SCHOOL] = world.school_a1.pk
    assert trust_for(request, Permission.CHECK_REGISTRATIONS) == world.trust_a
    lone = make_user("lone@example.org")
    give_role(lone, Role.DSL, school=world.school_a1)
    give_role(lone, Role.TRUST_ADMINISTRATOR, trust=world.trust_b)
    request = request_of(lone)
    request.session[CURRENT_SCHOOL] = world.school_a1.pk
    assert trust_for(request, Permission.MANAGE_STAFF) == world.trust_b


def test_R10_2_a_carer_is_reached_only_through_a_pupil_the_person_may_change(world, two_schools):
    from altprov.pupils.selectors import carer_to_manage, carers_of
    from tests.factories import make_carer

    own = make_carer(world.pupil_a1)
    other = make_carer(world.canary_a2)
    reached = carer_to_manage(two_schools, world.pupil_a1.pk, own.pk)
    assert reached == own and reached.pupil == world.pupil_a1
    assert carers_of(world.pupil_a1) == [own]
    for pupil, carer in ((world.pupil_a1, other), (world.canary_a2, other)):
        with pytest.raises(Http404):
            carer_to_manage(two_schools, pupil.pk, carer.pk)
    with pytest.raises(Http404):
        carer_to_manage(two_schools, world.pupil_a1.pk, "x")


def test_R10_1_each_role_has_its_label():
    from altprov.authz.permissions import role_label

    assert role_label("ap_lead") == "AP Lead"
    assert role_label(Role.TRUST_ADMINISTRATOR) == "Trust administrator"


def test_R10_2_what_a_record_shows_follows_each_sensitivity_on_its_own(world):
    sendco, trust_lead = world.users[Role.SENDCO], world.users[Role.TRUST_SAFEGUARDING_LEAD]
    view = pupil_view_for(sendco, world.pupil_a1.pk)
    assert (view.shows_send, view.shows_safeguarding) == (True, False)
    assert (view.may_change, view.may_change_send, view.may_change_safeguarding) == (
        True,
        True,
        False,
    )
    view = pupil_view_for(trust_lead, world.canary_a2.pk)
    assert (view.shows_send, view.shows_safeguarding) == (True, True)
    assert (view.may_change, view.may_change_send, view.may_change_safeguarding) == (
        False,
        False,
        False,
    )
    with pytest.raises(Http404):
        pupil_to_manage(sendco, world.pupil_a1.pk, Permission.VIEW_SAFEGUARDING_DETAIL)
    assert pupil_to_manage(sendco, world.pupil_a1.pk, Permission.VIEW_SEND_DETAIL)
    with pytest.raises(Http404):
        pupil_to_manage(trust_lead, world.pupil_a1.pk)


def test_R10_1_staff_are_listed_once_by_name_then_email_with_every_role_in_the_trust(
    world, django_assert_num_queries
):
    twice = make_user("b-twice@example.org", full_name="Aaron Same")
    give_role(twice, Role.DSL, school=world.school_a1)
    give_role(twice, Role.SENDCO, school=world.school_a2)
    give_role(twice, Role.HEADTEACHER, school=world.school_b1)
    namesake = make_user("a-namesake@example.org", full_name="Aaron Same")
    give_role(namesake, Role.TRUSTEE, trust=world.trust_a)
    later = make_user("0-later@example.org", full_name="Abe Later")
    give_role(later, Role.TRUSTEE, trust=world.trust_a)
    listed = [u for u in staff_of(world.trust_a) if u in (twice, namesake, later)]
    assert listed == [namesake, twice, later]
    with django_assert_num_queries(2):
        roles = {
            (a.role, a.school.name if a.school else "", a.trust.name)
            for u in staff_of(world.trust_a, "Aaron")
            for a in u.trust_roles
        }
    assert roles == {
        (Role.DSL, "School A1", "Trust A"),
        (Role.SENDCO, "School A2", "Trust A"),
        (Role.TRUSTEE, "", "Trust A"),
    }


def test_R5_1_the_register_a_person_works_in_is_their_current_schools_trust(world, two_trusts):
    from altprov.organisations.selectors import CURRENT_SCHOOL
    from altprov.providers.selectors import trust_of_request

    request = request_of(two_trusts)
    request.session[CURRENT_SCHOOL] = world.school_b1.pk
    assert trust_of_request(request, Permission.MANAGE_PROVIDERS) == world.trust_b
    # The current school's trust does not grant it: the first trust that does.
    assert trust_of_request(request, Permission.EDIT_AUDITS) == world.trust_a
    request.session[CURRENT_SCHOOL] = world.school_a1.pk
    assert trust_of_request(request, Permission.MANAGE_PROVIDERS) == world.trust_a
    with pytest.raises(Http404):
        trust_of_request(request_of(world.users[Role.STAFF_MEMBER]), Permission.VIEW_PROVIDERS)


def test_R5_6_R10_2_a_next_step_is_reached_only_by_those_who_may_edit_its_audit(
    world, django_assert_num_queries
):
    from altprov.provider_audits.selectors import action_for

    ap, dsl, head = (world.users[r] for r in (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER))
    provider = make_provider(world.trust_a)
    audit = complete_audit(
        provider, world.school_a1, by=ap, dsl=dsl, sign_off_by=head, next_steps="Fix the gate"
    )
    other = complete_audit(
        make_provider(world.trust_a),
        world.school_a1,
        by=ap,
        dsl=dsl,
        sign_off_by=head,
        next_steps="Fix the fence",
    )
    action, other_action = audit.actions.get(), other.actions.get()
    with django_assert_num_queries(2):  # the user's roles, then the action with its audit
        found = action_for(ap, action.pk)
        assert (found.audit.provider.name, found.audit.school.name) == (provider.name, "School A1")
    assert action_for(ap, other_action.pk) == other_action
    a2_ap = make_user("a2-ap-actions@example.org")
    give_role(a2_ap, Role.AP_LEAD, school=world.school_a2)
    for user in (a2_ap, world.users[Role.TRUST_EXECUTIVE], world.outsider):
        with pytest.raises(Http404):
            action_for(user, action.pk)
    assert action_for(world.users[Role.SCHOOL_IMPROVEMENT], action.pk) == action


def test_R10_1_two_roles_in_one_school_give_both_roles_permissions(world, two_schools):
    give_role(two_schools, Role.DSL, school=world.school_a1)
    both = ROLES[Role.AP_LEAD].permissions | ROLES[Role.DSL].permissions
    assert permissions_in(two_schools, world.school_a1) == both


def test_X1_staff_invitations_waiting_are_the_pending_ones_with_school_and_trust_loaded(
    world, django_assert_num_queries
):
    from altprov.staff.models import RoleInvitation
    from altprov.staff.selectors import invitations_for, invitations_waiting

    admin = world.users[Role.TRUST_ADMINISTRATOR]
    person = make_user("invited@example.org", full_name="Invited Person")
    common = {"user": person, "email": person.email, "full_name": "Invited Person"}
    waiting = RoleInvitation.objects.create(
        **common, role="dsl", trust=world.trust_a, school=world.school_a1, invited_by=admin
    )
    RoleInvitation.objects.create(
        **common,
        role="sendco",
        trust=world.trust_a,
        school=world.school_a2,
        invited_by=admin,
        status=RoleInvitation.Status.ACCEPTED,
    )
    for listed in (invitations_waiting(world.trust_a), invitations_for(person)):
        with django_assert_num_queries(1):
            assert [(i, i.school.name, i.trust.name) for i in listed] == [
                (waiting, world.school_a1.name, world.trust_a.name)
            ]
