"""R-7.4: who may act on each start-gate item. A precondition met in the provider's trust (the
register: a letter of comfort) is a link for anyone who manages providers in any school of the
trust; one met in the placement's school is a link only for someone who may act in that school,
and "waiting for" the roles that may for everyone else."""

import pytest
from django.urls import reverse

from altprov.authz.permissions import Permission, Role
from altprov.placements.start_gate import Precondition, Where, gate_items, preconditions
from tests.factories import give_role, make_provider, make_pupil, make_user
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


# Each precondition's place on the page (R-7.4, issue 14 items 2.4 and 2.6): where the person who
# may do it goes (returning to the gate), the button on the placement's page, or who it waits for.
LINKS = {
    "audit": ("providers:detail", "provider"),
    "letter": ("providers:letter_add", "provider"),
    "agreement": ("referrals:overview", "referral"),
    "plan": ("placements:plan", "placement"),
    "objectives_shared": ("placements:plan", "placement"),
    "notice": ("placements:notice", "placement"),
    "pastoral": ("placements:pastoral", "placement"),
    "information": ("placements:information_add", "placement"),
    "la_caseworker": ("placements:caseworker", "placement"),
}
HEAD_OR_AP = "the Headteacher or AP Lead"
WAITING_FOR_THE_ATTENDANCE_LEAD = {
    "audit": "the Headteacher, AP Lead, Designated Safeguarding Lead (DSL) or School Improvement "
    "Team",
    "letter": "the Headteacher, AP Lead, Designated Safeguarding Lead (DSL), School Improvement "
    "Team or Trust administrator",
    "agreement": HEAD_OR_AP,
    "plan": HEAD_OR_AP,
    "objectives_shared": HEAD_OR_AP,
    "notice": HEAD_OR_AP,
    "pastoral": HEAD_OR_AP,
    "information": "the Headteacher, AP Lead, Designated Safeguarding Lead (DSL) or SENDCo",
    "trust_approval": "the Trust Executive or School Improvement Team",
    "exceptional": "the School Improvement Team",
    "la_caseworker": "the SENDCo",
}


@pytest.fixture
def gate(world):
    """A placement at an unregistered provider for a pupil with an EHC plan, so that every
    precondition is asked; ids made to differ, so that a link to the wrong record shows."""
    from tests.placements.test_placement import agreed_referral

    make_provider(world.trust_a, "Spare one")
    make_provider(world.trust_a, "Spare two")
    agreed_referral(world, make_pupil(world.school_a1))
    placement = ready_placement(world, unregistered=True, ehcp=True)
    ids = {
        "placement": placement.pk,
        "provider": placement.provider_id,
        "referral": placement.referral_id,
    }
    assert len(set(ids.values())) == 3
    items = {role: gate_items(placement, preconditions(placement, TODAY), world.users[role])
             for role in (Role.AP_LEAD, Role.ATTENDANCE_LEAD, Role.SENDCO, Role.TRUST_EXECUTIVE,
                          Role.SCHOOL_IMPROVEMENT)}  # fmt: skip
    by_key = {role: {i.condition.key: i for i in found} for role, found in items.items()}
    return placement, ids, by_key


def test_R7_4_each_item_links_the_ap_lead_to_where_it_is_done_and_back(gate):
    placement, ids, items = gate
    back = reverse("placements:detail", args=[placement.pk])
    for key, (url_name, of) in LINKS.items():
        item = items[Role.AP_LEAD][key]
        path, _, query = item.url.partition("?")
        assert path == reverse(url_name, args=[ids[of]]), key
        assert query == f"next={back.replace('/', '%2F')}", key


def test_R7_4_each_item_says_who_it_waits_for_when_the_viewer_cannot_act(gate):
    _, _, items = gate
    for key, who in WAITING_FOR_THE_ATTENDANCE_LEAD.items():
        item = items[Role.ATTENDANCE_LEAD][key]
        assert (item.waiting_for, item.url, item.button) == (who, "", ""), key


def test_R7_4_the_sendco_records_the_caseworker_and_the_trust_acts_by_buttons(gate):
    _, ids, items = gate
    caseworker = items[Role.SENDCO]["la_caseworker"]
    assert caseworker.url.startswith(reverse("placements:caseworker", args=[ids["placement"]]))
    assert items[Role.SENDCO]["plan"].waiting_for == HEAD_OR_AP
    approval = items[Role.TRUST_EXECUTIVE]["trust_approval"]
    assert (approval.button, approval.url) == ("Approve the placement for the trust", "")
    sit = items[Role.SCHOOL_IMPROVEMENT]["exceptional"]
    assert sit.button == "Record the School Improvement Team's agreement"
    assert items[Role.TRUST_EXECUTIVE]["exceptional"].waiting_for == "the School Improvement Team"


def test_R7_4_the_letter_of_comfort_item_is_for_provider_managers_anywhere_in_the_trust(world):
    placement = ready_placement(world)
    two_hats = make_user()
    give_role(two_hats, Role.ATTENDANCE_LEAD, school=world.school_a1)
    give_role(two_hats, Role.AP_LEAD, school=world.school_a2)
    letter = [c for c in preconditions(placement, TODAY) if c.key == "letter"]
    [item] = gate_items(placement, letter, two_hats)
    assert item.url.startswith(reverse("providers:letter_add", args=[placement.provider_id]))
