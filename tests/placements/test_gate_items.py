"""R-7.4: who may act on each start-gate item. A precondition met in the provider's trust (the
register: a letter of comfort) is a link for anyone who manages providers in any school of the
trust; one met in the placement's school is a link only for someone who may act in that school,
and "waiting for" the roles that may for everyone else."""

import pytest
from django.urls import reverse

from altprov.authz.permissions import Permission, Role
from altprov.placements.start_gate import Precondition, Where, gate_items, preconditions
from tests.factories import give_role, make_provider, make_user
from tests.placements.test_start_gate import TODAY, ready_placement

pytestmark = pytest.mark.django_db


def _item(placement, user, *, in_trust):
    where = Where(
        "providers:letter_add",
        of="provider",
        permissions=(Permission.MANAGE_PROVIDERS,),
        in_trust=in_trust,
    )
    [item] = gate_items(
        placement, [Precondition("k", "A thing", "Section", False, where=where)], user
    )
    return item


def test_R7_4_a_trust_item_is_a_link_for_a_provider_manager_of_another_school_of_the_trust(world):
    placement = ready_placement(world)
    two_hats = make_user()
    give_role(two_hats, Role.ATTENDANCE_LEAD, school=world.school_a1)  # no MANAGE_PROVIDERS here
    give_role(two_hats, Role.AP_LEAD, school=world.school_a2)  # but in the trust's other school
    trust_item = _item(placement, two_hats, in_trust=True)
    assert trust_item.url.startswith(f"/providers/{placement.provider_id}/")
    assert not trust_item.waiting_for
    school_item = _item(placement, two_hats, in_trust=False)
    assert not school_item.url and not school_item.button
    assert "AP Lead" in school_item.waiting_for


def test_R7_4_a_trust_item_waits_for_someone_who_manages_providers_nowhere_in_the_trust(world):
    placement = ready_placement(world)
    attendance_lead = make_user()
    give_role(attendance_lead, Role.ATTENDANCE_LEAD, school=world.school_a1)
    give_role(attendance_lead, Role.AP_LEAD, school=world.school_b1)  # another trust gives nothing
    item = _item(placement, attendance_lead, in_trust=True)
    assert not item.url and "AP Lead" in item.waiting_for


def test_R7_4_the_audit_item_links_to_the_providers_page_for_those_who_edit_audits(world):
    make_provider(world.trust_a, "Spare one")  # so that the provider's id is not the placement's
    make_provider(world.trust_a, "Spare two")
    placement = ready_placement(world)
    conditions = [c for c in preconditions(placement, TODAY) if c.key == "audit"]
    [item] = gate_items(placement, conditions, world.users[Role.AP_LEAD])
    assert item.url.split("?")[0] == reverse("providers:detail", args=[placement.provider_id])
    assert placement.provider_id != placement.pk
    [waiting] = gate_items(placement, conditions, world.users[Role.ATTENDANCE_LEAD])
    assert not waiting.url and "AP Lead" in waiting.waiting_for
