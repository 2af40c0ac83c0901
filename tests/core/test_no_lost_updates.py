"""X-5, issue 11 item 3: no lost updates. Placements (their pastoral contact), personalised plans,
audits, referrals and pupil records carry a version; a save based on an old version is refused,
at the service and on the page, with what changed since (who, when, field by field, without what
the person may not see) and the person's own answers kept in the form, based on the new version,
so that one save re-applies them."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import transaction

from altprov.authz.permissions import Role
from altprov.core.versions import STALE_MESSAGE, StaleVersion, check_version
from altprov.placements import services as placement_services
from altprov.placements.models import Placement, PlacementRecords
from altprov.placements.start_gate import records_of
from altprov.provider_audits import services as audit_services
from altprov.provider_audits.models import ProviderAudit
from altprov.pupils import services as pupil_services
from altprov.pupils.models import Pupil
from altprov.referrals import services as referral_services
from altprov.referrals.models import Referral
from tests.concurrency import on_postgresql, simultaneously
from tests.conftest import signed_in_client
from tests.factories import make_provider
from tests.placements.test_placement import agreed_referral

pytestmark = pytest.mark.django_db
VERSION = re.compile(r'name="based_on_version" value="(\d+)"')


def version_on(response) -> int:
    found = VERSION.findall(response.content.decode())
    assert len(found) == 1, "the page carries the version it was made from, once"
    return int(found[0])


def refused(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and STALE_MESSAGE in html
    assert 'id="what-changed"' in html
    return html


@pytest.fixture
def placement(world):
    ap = world.users[Role.AP_LEAD]
    start = dt.date.today() + dt.timedelta(days=14)
    return Placement.objects.create(
        referral=agreed_referral(world, world.pupil_a1),
        provider=make_provider(world.trust_a, "Versions Provider"),
        start_date=start,
        planned_end_date=start + dt.timedelta(weeks=8),
        weekly_cost=Decimal("200"),
        created_by=ap,
    )


def stored_records(placement) -> PlacementRecords:
    return PlacementRecords.objects.get(placement=placement)


PLAN = {
    "assessment_and_monitoring": "Weekly report from the provider",
    "baseline_attainment": "Working at grade 3",
    "baseline_attendance": "82%",
    "baseline_behaviour": "Two removals this term",
    "ehcp_link": "",
}


# The one check ---------------------------------------------------------------------------------


def test_X5_the_check_locks_compares_and_every_save_moves_the_version_on(world):
    pupil = world.pupil_a1
    first = pupil.edit_version
    pupil.year_group = 10
    pupil.save(update_fields=["year_group"])  # update_fields saves move it on too
    assert Pupil.objects.get(pk=pupil.pk).edit_version == first + 1
    stale = Pupil.objects.get(pk=pupil.pk)
    stale.edit_version = first
    with transaction.atomic():
        with pytest.raises(StaleVersion) as caught:
            check_version(stale, first)
    assert caught.value.current == first + 1 and caught.value.based_on == first
    with transaction.atomic():
        check_version(stale, None)  # no version given: not checked
        assert stale.edit_version == first + 1


# Each kind refuses a stale save at the service --------------------------------------------------


def test_X5_placement_pastoral_contact_refuses_a_stale_save_at_the_service(world, placement):
    ap, staff = world.users[Role.AP_LEAD], world.users[Role.STAFF_MEMBER]
    read = records_of(placement).edit_version
    placement_services.pastoral_assign(
        placement=placement, contact=staff, protocol="Daily call", by=ap, based_on=read
    )
    with pytest.raises(StaleVersion):
        placement_services.pastoral_assign(
            placement=placement, contact=ap, protocol="Weekly visit", by=ap, based_on=read
        )
    records = stored_records(placement)
    assert (records.pastoral_contact, records.contact_protocol) == (staff, "Daily call")
    assert records.edit_version == read + 1


def test_X5_the_plan_refuses_a_stale_save_at_the_service(world, placement):
    ap = world.users[Role.AP_LEAD]
    read = records_of(placement).edit_version
    placement_services.records_update(
        placement=placement, values={"baseline_attendance": "82%"}, by=ap, based_on=read
    )
    with pytest.raises(StaleVersion):
        placement_services.records_update(
            placement=placement, values={"baseline_attendance": "75%"}, by=ap, based_on=read
        )
    assert stored_records(placement).baseline_attendance == "82%"


def test_X5_an_audit_refuses_a_stale_save_at_the_service(world):
    ap = world.users[Role.AP_LEAD]
    provider = make_provider(world.trust_a, "Audit Versions")
    audit, _ = audit_services.audit_start(provider=provider, school=world.school_a1, by=ap)
    read = ProviderAudit.objects.get(pk=audit.pk).edit_version
    answer = {"findings": "Seen the policy", "concern": "", "next_steps": ""}
    audit_services.answers_save(
        audit=audit,
        answers={"safeguarding.policies_in_place": answer},
        school=world.school_a1,
        by=ap,
        based_on=read,
    )
    stale = ProviderAudit.objects.get(pk=audit.pk)
    stale.edit_version = read
    for call in (
        lambda: audit_services.answers_save(
            audit=stale,
            answers={"safeguarding.policies_in_place": {**answer, "findings": "Not seen"}},
            school=world.school_a1,
            by=ap,
            based_on=read,
        ),
        lambda: audit_services.action_plan_save(audit=stale, plans={}, by=ap, based_on=read),
        lambda: audit_services.documents_save(
            audit=stale, answers={}, school=world.school_a1, by=ap, based_on=read
        ),
    ):
        with pytest.raises(StaleVersion):
            call()
    assert audit.answers.get(key="safeguarding.policies_in_place").findings == "Seen the policy"
    assert ProviderAudit.objects.get(pk=audit.pk).edit_version == read + 1


def test_X5_a_referral_refuses_a_stale_save_at_the_service(world):
    ap = world.users[Role.AP_LEAD]
    referral = referral_services.referral_create(
        pupil=world.pupil_a1, reasons=["exclusion_risk"], other_reason="", route="suspension", by=ap
    )
    read = referral.edit_version
    referral_services.reasons_change(
        referral=referral,
        reasons=["wider_curriculum"],
        other_reason="",
        route="school_directed",
        by=ap,
        based_on=read,
    )
    stale = Referral.objects.get(pk=referral.pk)
    with pytest.raises(StaleVersion):
        referral_services.reasons_change(
            referral=stale,
            reasons=["exclusion_risk"],
            other_reason="",
            route="suspension",
            by=ap,
            based_on=read,
        )
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.reasons, stored.route) == (["wider_curriculum"], "school_directed")


def test_X5_a_pupil_record_refuses_a_stale_save_at_the_service(world):
    ap = world.users[Role.AP_LEAD]
    first, second = (Pupil.objects.get(pk=world.pupil_a1.pk) for _ in range(2))
    read = first.edit_version
    first.medical_needs = "Asthma"
    pupil_services.pupil_save(pupil=first, by=ap, based_on=read)
    second.semh_needs = "Anxiety"
    with pytest.raises(StaleVersion):
        pupil_services.pupil_save(pupil=second, by=ap, based_on=read)
    stored = Pupil.objects.get(pk=first.pk)
    assert (stored.medical_needs, stored.semh_needs) == ("Asthma", "")


# The concurrency test: two sessions edit the same placement -------------------------------------


def test_X5_two_sessions_edit_the_same_placement_the_second_is_refused_and_the_first_kept(
    world, placement
):
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    first, second = signed_in_client(ap), signed_in_client(head)
    url = f"/placements/{placement.pk}/plan/"
    read_first, read_second = version_on(first.get(url)), version_on(second.get(url))
    assert read_first == read_second == 0  # no plan yet

    mine = {**PLAN, "based_on_version": read_first}
    assert first.post(url, mine).status_code == 302
    theirs = {
        **PLAN,
        "baseline_attendance": "75%",
        "baseline_behaviour": "No removals",
        "based_on_version": read_second,
    }
    response = second.post(url, theirs)
    html = refused(response)

    records = stored_records(placement)
    assert {name: getattr(records, name) for name in PLAN} == PLAN  # the first, in full
    assert records.edit_version == 1  # moved on once
    assert PlacementRecords.history.filter(placement_id=placement.pk).count() == 1
    # What changed, who and when; the second person's own answers, now based on version 1.
    assert "Baseline: attendance" in html and "82%" in html and ap.full_name in html
    assert version_on(response) == 1
    assert "No removals" in html and "75%" in html
    # One save re-applies them.
    assert second.post(url, {**theirs, "based_on_version": 1}).status_code == 302
    records = stored_records(placement)
    assert (records.baseline_attendance, records.edit_version) == ("75%", 2)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_X5_four_saves_of_the_same_plan_at_the_same_moment_keep_one_and_refuse_three(world):
    ap = world.users[Role.AP_LEAD]
    start = dt.date.today() + dt.timedelta(days=14)
    placement = Placement.objects.create(
        referral=agreed_referral(world, world.pupil_a1),
        provider=make_provider(world.trust_a, "Parallel Provider"),
        start_date=start,
        planned_end_date=start + dt.timedelta(weeks=8),
        weekly_cost=Decimal("200"),
        created_by=ap,
    )
    url = f"/placements/{placement.pk}/plan/"
    clients = [signed_in_client(ap) for _ in range(4)]
    plans = [{**PLAN, "baseline_attendance": f"{80 + n}%", "based_on_version": 0} for n in range(4)]
    codes = simultaneously(
        [lambda c=c, p=p: c.post(url, p).status_code for c, p in zip(clients, plans, strict=True)]
    )
    assert sorted(codes) == [200, 200, 200, 302], codes
    records = stored_records(placement)
    assert records.edit_version == 1
    assert records.baseline_attendance == plans[codes.index(302)]["baseline_attendance"]


# Each kind refuses a stale save on its page -------------------------------------------------


def test_X5_the_pastoral_contact_page_refuses_a_stale_save(world, placement):
    ap, staff = world.users[Role.AP_LEAD], world.users[Role.STAFF_MEMBER]
    client = signed_in_client(ap)
    url = f"/placements/{placement.pk}/pastoral-contact/"
    read = version_on(client.get(url))
    placement_services.pastoral_assign(placement=placement, contact=staff, protocol="Daily", by=ap)
    html = refused(
        client.post(url, {"contact": ap.pk, "protocol": "Weekly", "based_on_version": read})
    )
    assert "Contact protocol" in html and "Daily" in html
    assert stored_records(placement).contact_protocol == "Daily"


def test_X5_an_audit_section_page_refuses_a_stale_save(world):
    ap, dsl = world.users[Role.AP_LEAD], world.users[Role.DSL]
    provider = make_provider(world.trust_a, "Audit Page Versions")
    audit, _ = audit_services.audit_start(provider=provider, school=world.school_a1, by=ap)
    client = signed_in_client(ap)
    url = f"/audits/{audit.pk}/registration/"
    read = version_on(client.get(url))
    audit_services.answers_save(
        audit=ProviderAudit.objects.get(pk=audit.pk),
        answers={
            "safeguarding.annual_training": {
                "findings": "Training log seen",
                "concern": "",
                "next_steps": "",
            }
        },
        school=world.school_a1,
        by=dsl,
    )
    data = {"registration_status": "registered", "dfe_number": "123/4567"}
    response = client.post(url, {**data, "based_on_version": read})
    html = refused(response)
    assert "Training log seen" in html and dsl.full_name in html
    assert ProviderAudit.objects.get(pk=audit.pk).dfe_number != "123/4567"
    assert 'value="123/4567"' in html  # the person's own answer, kept
    response = client.post(url, {**data, "based_on_version": version_on(response)})
    assert response.status_code == 302
    assert ProviderAudit.objects.get(pk=audit.pk).dfe_number == "123/4567"


def test_X5_the_referral_reasons_page_refuses_a_stale_save(world):
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    referral = referral_services.referral_create(
        pupil=world.pupil_a1, reasons=["exclusion_risk"], other_reason="", route="suspension", by=ap
    )
    client = signed_in_client(ap)
    url = f"/referrals/{referral.pk}/reasons/"
    read = version_on(client.get(url))
    referral_services.reasons_change(
        referral=referral,
        reasons=["wider_curriculum"],
        other_reason="",
        route="school_directed",
        by=head,
    )
    html = refused(
        client.post(
            url,
            {
                "reasons": ["other"],
                "other_reason": "Needs a course",
                "route": "suspension",
                "based_on_version": read,
            },
        )
    )
    assert "School-directed off-site provision" in html and head.full_name in html
    assert Referral.objects.get(pk=referral.pk).reasons == ["wider_curriculum"]


def test_X5_a_pupil_page_refuses_a_stale_save_and_names_no_field_the_person_may_not_see(world):
    """The SENDCo may change the pupil's details and SEND detail, not see safeguarding detail."""
    sendco, dsl = world.users[Role.SENDCO], world.users[Role.DSL]
    pupil = world.pupil_a1
    client = signed_in_client(sendco)
    url = f"/pupils/{pupil.pk}/send/"
    read = version_on(client.get(url))
    changed = Pupil.objects.get(pk=pupil.pk)
    changed.social_worker_name = "Sam Secretworker"
    changed.looked_after = True
    changed.medical_needs = "Epipen in the office"
    pupil_services.pupil_save(pupil=changed, by=dsl)
    data = {"send_status": "sen_support", "semh_needs": "Anxiety", "based_on_version": read}
    response = client.post(url, data)
    html = refused(response)
    assert "Epipen in the office" in html and "Medical needs" in html  # SEND: the SENDCo sees it
    for hidden in ("Sam Secretworker", "ocial worker", "ooked after"):
        assert hidden not in html
    assert Pupil.objects.get(pk=pupil.pk).semh_needs == ""

    # A change of safeguarding detail alone: the refusal lists nothing the SENDCo may not see.
    read = version_on(response)
    changed = Pupil.objects.get(pk=pupil.pk)
    changed.social_worker_name = "Another Secretworker"
    pupil_services.pupil_save(pupil=changed, by=dsl)
    html = refused(client.post(url, {**data, "based_on_version": read}))
    assert "Nothing you can see on this page has changed" in html
    assert "Secretworker" not in html and dsl.full_name not in html


def test_X5_the_pupil_details_page_refuses_a_stale_save(world):
    head = world.users[Role.HEADTEACHER]
    pupil = world.pupil_a1
    client = signed_in_client(head)
    url = f"/pupils/{pupil.pk}/details/"
    read = version_on(client.get(url))
    changed = Pupil.objects.get(pk=pupil.pk)
    changed.year_group = 10
    pupil_services.pupil_save(pupil=changed, by=world.users[Role.AP_LEAD])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if name != "based_on_version"}
    data.update(
        date_of_birth_0=pupil.date_of_birth.day,
        date_of_birth_1=pupil.date_of_birth.month,
        date_of_birth_2=pupil.date_of_birth.year,
        year_group="8",
        based_on_version=read,
    )
    data.pop("date_of_birth", None)
    html = refused(client.post(url, data))
    assert "Year group" in html and world.users[Role.AP_LEAD].full_name in html
    assert "Year 10" in html  # as the history of changes says it (altprov/core/diffs.py)
    assert Pupil.objects.get(pk=pupil.pk).year_group == 10


# Outsiders ------------------------------------------------------------------------------------


def test_X5_an_outsider_gets_404_on_every_versioned_page_read_or_write(world, placement):
    ap = world.users[Role.AP_LEAD]
    referral = placement.referral
    audit, _ = audit_services.audit_start(
        provider=placement.provider, school=world.school_a1, by=ap
    )
    outsider = signed_in_client(world.outsider)
    for url in (
        f"/placements/{placement.pk}/plan/",
        f"/placements/{placement.pk}/pastoral-contact/",
        f"/audits/{audit.pk}/registration/",
        f"/referrals/{referral.pk}/reasons/",
        f"/pupils/{world.pupil_a1.pk}/details/",
        f"/pupils/{world.pupil_a1.pk}/send/",
        f"/pupils/{world.pupil_a1.pk}/safeguarding/",
    ):
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url, {"based_on_version": 0}).status_code == 404, url
    assert not PlacementRecords.objects.filter(placement=placement).exists()
