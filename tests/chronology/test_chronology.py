"""R-6.2: the chronology of support: dated entries by type, shown as a timeline, never changed or
deleted; a correction is a new entry pointing to the one it corrects."""

import datetime as dt

import pytest

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.chronology import services
from altprov.chronology.models import ChronologyEntry
from altprov.chronology.selectors import timeline_for
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def date(day: dt.date) -> dict:
    return {"occurred_on_0": day.day, "occurred_on_1": day.month, "occurred_on_2": day.year}


def test_R6_2_an_internal_intervention_is_recorded_with_its_impact(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    base = f"/pupils/{world.pupil_a1.pk}/chronology/"
    assert client.post(base + "add/", {"kind": "internal_intervention"})["Location"] == (
        base + "add/internal_intervention/"
    )
    refused = client.post(
        base + "add/internal_intervention/", {**date(dt.date(2026, 10, 5)), "summary": "Mentoring"}
    )
    assert "Enter the impact of the intervention" in refused.content.decode()
    response = client.post(
        base + "add/internal_intervention/",
        {
            **date(dt.date(2026, 10, 5)),
            "summary": "Weekly mentoring",
            "impact": "Attendance up from 80% to 86%",
        },
    )
    assert response["Location"] == base
    entry = ChronologyEntry.objects.get()
    assert entry.kind == "internal_intervention" and entry.recorded_by == world.users[Role.AP_LEAD]
    page = client.get(base).content.decode()
    assert "Weekly mentoring" in page and "Attendance up from 80% to 86%" in page
    assert "1 internal intervention with its impact recorded" in page


def test_R6_2_an_external_agency_entry_names_the_agency_and_social_care_is_safeguarding(world):
    client = signed_in_client(world.users[Role.SENDCO])
    base = f"/pupils/{world.pupil_a1.pk}/chronology/add/external_agency/"
    refused = client.post(base, {**date(dt.date(2026, 9, 20)), "summary": "Referral"})
    assert "Select the agency" in refused.content.decode()
    client.post(
        base,
        {
            **date(dt.date(2026, 9, 20)),
            "summary": "Referral to EP",
            "agency": "educational_psychology",
        },
    )
    client.post(
        base, {**date(dt.date(2026, 9, 21)), "summary": "Strategy meeting", "agency": "social_care"}
    )
    social = ChronologyEntry.objects.get(agency="social_care")
    assert social.safeguarding
    assert not ChronologyEntry.objects.get(agency="educational_psychology").safeguarding


def test_R10_2_safeguarding_entries_are_hidden_from_roles_without_safeguarding_access(world):
    services.entry_add(
        pupil=world.pupil_a1,
        kind="note",
        occurred_on=dt.date(2026, 9, 1),
        summary="Disclosure logged",
        safeguarding=True,
        by=world.users[Role.DSL],
    )
    services.entry_add(
        pupil=world.pupil_a1,
        kind="meeting",
        occurred_on=dt.date(2026, 9, 2),
        summary="Parent meeting",
        by=world.users[Role.DSL],
    )
    sendco = (
        signed_in_client(world.users[Role.SENDCO])
        .get(f"/pupils/{world.pupil_a1.pk}/chronology/")
        .content.decode()
    )
    assert "Parent meeting" in sendco and "Disclosure logged" not in sendco
    assert "1 entry with safeguarding information is not shown to you" in sendco
    dsl = (
        signed_in_client(world.users[Role.DSL])
        .get(f"/pupils/{world.pupil_a1.pk}/chronology/")
        .content.decode()
    )
    assert "Disclosure logged" in dsl


def test_R6_2_a_correction_is_a_new_entry_pointing_to_the_one_it_corrects(world):
    entry = services.entry_add(
        pupil=world.pupil_a1,
        kind="meeting",
        occurred_on=dt.date(2026, 9, 1),
        summary="Meeting with mum",
        by=world.users[Role.AP_LEAD],
    )
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/pupils/{world.pupil_a1.pk}/chronology/{entry.pk}/correct/"
    assert 'value="Meeting with mum"' in client.get(url).content.decode()
    client.post(url, {**date(dt.date(2026, 9, 2)), "summary": "Meeting with both parents"})
    correction = ChronologyEntry.objects.exclude(pk=entry.pk).get()
    assert correction.corrects == entry and correction.occurred_on == dt.date(2026, 9, 2)
    entry.refresh_from_db()
    assert entry.summary == "Meeting with mum"
    page = client.get(f"/pupils/{world.pupil_a1.pk}/chronology/").content.decode()
    assert "Corrected" in page and "This corrects" in page


def test_R6_2_the_timeline_filters_by_type_and_counts_only_current_interventions(world):
    first = services.entry_add(
        pupil=world.pupil_a1,
        kind="internal_intervention",
        occurred_on=dt.date(2026, 9, 1),
        summary="Reading catch-up",
        impact="Some",
        by=world.users[Role.AP_LEAD],
    )
    services.entry_add(
        pupil=world.pupil_a1,
        kind="internal_intervention",
        occurred_on=dt.date(2026, 9, 1),
        summary="Reading catch-up (corrected)",
        impact="Reading age up a year",
        corrects=first,
        by=world.users[Role.AP_LEAD],
    )
    services.entry_add(
        pupil=world.pupil_a1,
        kind="decision",
        occurred_on=dt.date(2026, 9, 3),
        summary="Part-time timetable",
        by=world.users[Role.HEADTEACHER],
    )
    timeline = timeline_for(world.users[Role.AP_LEAD], world.pupil_a1)
    assert timeline.interventions_with_impact == 1
    page = (
        signed_in_client(world.users[Role.AP_LEAD])
        .get(f"/pupils/{world.pupil_a1.pk}/chronology/?kind=decision")
        .content.decode()
    )
    assert "Part-time timetable" in page and "Reading catch-up" not in page


def test_X1_viewing_the_chronology_is_logged(world):
    signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get(
        f"/pupils/{world.pupil_a1.pk}/chronology/"
    )
    event = AccessEvent.objects.get()
    assert event.what == "chronology" and list(event.pupils.all()) == [world.pupil_a1]


def test_R6_2_roles_that_do_not_record_cannot_add_and_outsiders_find_nothing(world):
    trust_exec = signed_in_client(world.users[Role.TRUST_EXECUTIVE])
    assert trust_exec.get(f"/pupils/{world.pupil_a1.pk}/chronology/").status_code == 200
    assert trust_exec.get(f"/pupils/{world.pupil_a1.pk}/chronology/add/").status_code == 404
    outsider = signed_in_client(world.outsider)
    assert outsider.get(f"/pupils/{world.pupil_a1.pk}/chronology/").status_code == 404
    assert outsider.post(f"/pupils/{world.pupil_a1.pk}/chronology/add/note/", {}).status_code == 404
    assert not ChronologyEntry.objects.exists()


def test_X3_a_future_date_is_refused(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client.post(
        f"/pupils/{world.pupil_a1.pk}/chronology/add/note/", {**date(tomorrow), "summary": "x"}
    )
    assert "The date must be today or in the past" in response.content.decode()
    assert not ChronologyEntry.objects.filter(pupil=world.pupil_a1).exists()


def test_R6_2_the_timeline_counts_current_entries_and_filters_by_kind(
    world, django_assert_num_queries
):
    dsl, sendco = world.users[Role.DSL], world.users[Role.SENDCO]
    pupil = world.pupil_a1

    def add(kind, summary, **kw):
        return services.entry_add(
            pupil=pupil, kind=kind, occurred_on=dt.date(2026, 9, 1), summary=summary, by=dsl, **kw
        )

    first = add("internal_intervention", "Mentoring", impact=" ")
    add("internal_intervention", "Mentoring (corrected)", impact="Calmer", corrects=first)
    add("internal_intervention", "Reading", impact="Up a year")
    add("internal_intervention", "Tutoring")  # no impact recorded yet
    add("meeting", "Review", impact="Agreed a plan")  # an impact, but not an intervention
    agency = add("external_agency", "EP", agency="educational_psychology")
    add("external_agency", "EP (corrected)", agency="educational_psychology", corrects=agency)
    add("external_agency", "Social care", agency="social_care")
    add("note", "Private", safeguarding=True)
    timeline = timeline_for(dsl, pupil)
    assert timeline.interventions_with_impact == 2
    assert timeline.external_agency_entries == 2
    assert timeline.hidden == 0 and len(timeline.entries) == 9
    for_sendco = timeline_for(sendco, pupil)
    assert for_sendco.hidden == 2 and len(for_sendco.entries) == 7
    assert {e.summary for e in timeline_for(sendco, pupil, "external_agency").entries} == {
        "EP",
        "EP (corrected)",
    }
    assert [e.summary for e in timeline_for(dsl, pupil, "note").entries] == ["Private"]
    # Counts are of what happened, whoever reads them.
    assert for_sendco.external_agency_entries == 2
    # Who recorded each entry, what it corrects and its corrections come in a fixed number of
    # queries: the reader's roles, the entries, their corrections.
    reader = type(dsl).objects.get(pk=dsl.pk)
    with django_assert_num_queries(3):
        shown = [
            (e.recorded_by.full_name, e.corrects.summary if e.corrects_id else "")
            + tuple(c.summary for c in e.corrections.all())
            for e in timeline_for(reader, pupil).entries
        ]
    assert (
        "Designated Safeguarding Lead (DSL) Person",
        "EP",
    ) in shown
    assert ("Designated Safeguarding Lead (DSL) Person", "", "EP (corrected)") in shown
