"""X-1: the history of the records kept with a placement (attendance, monitoring, progress,
outcomes, reviews), of a pupil's suspensions and of a provider's letters of comfort and Ofsted
inspections, with the record's own access and sensitivity rules."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from altprov.attendance.services import MarkEntry, marks_save
from altprov.authz.permissions import Role
from altprov.monitoring.models import EarlyEnding, Incident
from altprov.outcomes.models import Outcome
from altprov.progress.models import ExamArrangement, PastoralContact, SendDocumentShare
from altprov.providers.models import OfstedInspection
from altprov.reviews.models import AgreementReview
from altprov.suspensions.models import Suspension
from tests.authorization import test_matrix as matrix
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import make_letter, make_provider, make_pupil

pytestmark = pytest.mark.django_db

scene = matrix.scene  # the matrix test's world: a placement in each scope

DAY = dt.date(2026, 11, 2)
WHAT_BEFORE = "Threw a chair in the workshop"
WHAT_AFTER = "Threw a chair at a member of staff"
CONCERNS = "Disclosure made to the provider's key worker"


def _save(record, by, **values):
    """Saves `record` as `by` (the version's author), with `values` changed."""
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = by
    record.save()
    return record


def _page(user, placement, show="", page=None) -> str:
    url = reverse("history:placement", args=[placement.pk])
    params = "&".join(
        p for p in (f"show={show}" if show else "", f"page={page}" if page else "") if p
    )
    response = signed_in_client(user).get(f"{url}?{params}" if params else url)
    assert response.status_code == 200
    return response.content.decode()


def _incident(placement, by):
    return _save(
        Incident(
            placement=placement,
            occurred_on=DAY,
            reported_by="Sam Provider",
            what_happened=WHAT_BEFORE,
            provider_action="Sent home",
            recorded_by=by,
        ),
        by,
    )


@pytest.fixture
def placement(world):
    return attending(world, world.pupil_a1)


def test_X1_a_corrected_attendance_mark_shows_who_changed_it_from_what_to_what(world, placement):
    lead = world.users[Role.ATTENDANCE_LEAD]
    ap = world.users[Role.AP_LEAD]
    marks_save([MarkEntry(placement.pk, DAY, "AM", "/")], by=ap)
    marks_save([MarkEntry(placement.pk, DAY, "AM", "O")], by=lead)
    page = _page(world.users[Role.HEADTEACHER], placement, show="attendance")
    assert "Changed: Attendance mark: 2 November 2026 (morning)" in page
    assert "by Attendance Lead Person (Attendance Lead)" in page
    cells = '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    assert cells.format("/: present (morning)", "O: absent in other or unknown circumstances") in (
        page
    )
    assert cells.format("AP Lead Person", "Attendance Lead Person") in page  # entered by
    assert "Added: Attendance mark" in page
    assert "Added: Follow-up of an absence: 2 November 2026" in page  # opened by the O mark


def _early_ending(placement, by):
    placement.status, placement.ended_on = "ended", DAY
    placement.save()
    return _save(
        EarlyEnding(
            placement=placement, ended_on=DAY, reason=CONCERNS, dsl_informed_on=DAY, recorded_by=by
        ),
        by,
    )


@pytest.mark.parametrize("role", [Role.ATTENDANCE_LEAD, Role.SENDCO, Role.TRUST_EXECUTIVE])
def test_X1_the_concerns_a_placement_ended_early_for_are_hidden_without_safeguarding_access(
    world, placement, role
):
    dsl = world.users[Role.DSL]
    ending = _early_ending(placement, dsl)
    _save(ending, dsl, reason=CONCERNS + " and to the school")
    page = _page(world.users[role], placement, show="monitoring")
    assert CONCERNS not in page and "The safeguarding concerns" not in page
    assert "Added: Ended early for safeguarding concerns" in page
    assert "Changed: Ended early for safeguarding concerns" in page
    hidden = "Changed (hidden: you do not have access to safeguarding detail)"
    assert page.count(hidden) == 2  # in the version added and in the one changed
    # The placement's own page follows the same rule.
    record = signed_in_client(world.users[role]).get(
        reverse("placements:detail", args=[placement.pk])
    )
    assert CONCERNS not in record.content.decode()
    assert "the concerns are safeguarding detail" in record.content.decode()


def test_X1_the_dsl_sees_every_version_of_the_concerns(world, placement):
    dsl = world.users[Role.DSL]
    ending = _early_ending(placement, dsl)
    _save(ending, dsl, reason="Concerns shared with children's social care")
    page = _page(dsl, placement)
    cells = '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    assert (
        cells.format(
            CONCERNS.replace("'", "&#x27;"), "Concerns shared with children&#x27;s social care"
        )
        in page
    )
    assert "Changed (hidden" not in page
    assert "by Designated Safeguarding Lead (DSL) Person (DSL)" in page
    record = signed_in_client(dsl).get(reverse("placements:detail", args=[placement.pk]))
    assert "Concerns shared with children&#x27;s social care" in record.content.decode()


def test_X1_a_serious_incident_shows_its_changes_to_everyone_who_sees_the_placement(
    world, placement
):
    """A serious incident is behaviour (R-12.3), shown on the placement page and in the pupil's
    chronology to everyone who sees the placement: its history is too."""
    ap = world.users[Role.AP_LEAD]
    incident = _incident(placement, ap)
    _save(incident, ap, what_happened=WHAT_AFTER)
    page = _page(world.users[Role.ATTENDANCE_LEAD], placement, show="monitoring")
    assert "Changed: Serious incident: 2 November 2026" in page
    cells = '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    assert cells.format(WHAT_BEFORE, WHAT_AFTER) in page
    assert "by AP Lead Person (AP Lead)" in page


def test_X1_send_records_are_left_out_and_access_arrangements_shown_as_on_the_exams_page(
    world, placement
):
    sendco = world.users[Role.SENDCO]
    share = _save(
        SendDocumentShare(
            placement=placement,
            document="ehcp",
            shared_on=DAY,
            method="secure_email",
            recorded_by=sendco,
        ),
        sendco,
    )
    _save(share, sendco, method="post")
    exams = world.users[Role.ASSESSMENT_LEAD]
    arrangement = _save(
        ExamArrangement(
            placement=placement,
            series="Summer 2027",
            entries="GCSE English",
            access_arrangements="25% extra time",
            where="school",
            recorded_by=exams,
        ),
        exams,
    )
    _save(arrangement, exams, access_arrangements="25% extra time and a reader")
    seen = _page(sendco, placement, show="progress")
    assert "Changed: SEND document shared" in seen
    assert "Secure email" in seen and "Post" in seen
    assert "25% extra time and a reader" in seen
    unseen = _page(world.users[Role.ATTENDANCE_LEAD], placement, show="progress")
    assert "SEND document shared" not in unseen and "Secure email" not in unseen
    assert "extra time" not in unseen
    assert "Changed: Exam arrangements: Summer 2027" in unseen
    assert "Changed (hidden: you do not have access to exam access arrangements)" in unseen
    # The Assessment Lead who makes them sees them, as on the exams page, without SEND access.
    made = _page(exams, placement, show="progress")
    assert "25% extra time and a reader" in made
    assert "SEND document shared" not in made


def test_X1_progress_outcomes_and_reviews_show_their_changes(world, placement):
    ap = world.users[Role.AP_LEAD]
    contact = _save(
        PastoralContact(
            placement=placement,
            contacted_on=DAY,
            method="phone",
            place="home",
            notes="Settling in",
            recorded_by=ap,
        ),
        ap,
    )
    _save(contact, ap, method="in_person")
    review = _save(
        AgreementReview(
            placement=placement,
            held_on=DAY,
            attended="AP Lead, parents",
            outcome="continue",
            notes="Going well",
            recorded_by=ap,
        ),
        ap,
    )
    _save(review, ap, outcome="changed")
    outcome = _save(
        Outcome(
            placement=placement,
            destination="school_full_time",
            progress_summary="Good",
            pupil_assessment="Helpful",
            recorded_by=ap,
        ),
        ap,
    )
    _save(outcome, ap, destination="other_school")
    head = world.users[Role.HEADTEACHER]
    page = _page(head, placement)
    assert "Changed: Pastoral contact: 2 November 2026" in page
    assert "Phone call" in page and "In person" in page  # choices by their labels
    assert "Changed: Review of the agreement: 2 November 2026" in page
    assert "The placement continues with changes to the agreement" in page
    assert "Changed: Outcome" in page and "Moved to another school" in page
    # The filter shows one group at a time.
    outcomes = _page(head, placement, show="outcomes")
    assert "Changed: Outcome" in outcomes and "Pastoral contact" not in outcomes
    assert '<option value="outcomes" selected>Outcomes</option>' in outcomes
    progress = _page(head, placement, show="progress")
    assert "Pastoral contact" in progress and "Changed: Outcome" not in progress
    placement_only = _page(head, placement, show="placement")
    assert "Review of the agreement" in placement_only
    assert "Changed: Outcome" not in placement_only


def test_X1_the_pupils_history_shows_suspensions_with_ehcp_detail_hidden(world):
    head = world.users[Role.HEADTEACHER]
    pupil = world.pupil_a1
    suspension = _save(
        Suspension(
            pupil=pupil,
            school=world.school_a1,
            first_day=DAY,
            school_days=3,
            last_day=DAY + dt.timedelta(days=2),
            reason="Persistent disruption",
            decided_by=head,
            recorded_by=head,
        ),
        head,
    )
    _save(suspension, head, reason="Persistent disruptive behaviour", ehcp_fewer_hours=True)
    url = reverse("history:pupil", args=[pupil.pk])
    page = signed_in_client(head).get(url).content.decode()
    assert "Changed: Suspension: from 2 November 2026" in page
    assert "Persistent disruption" in page and "Persistent disruptive behaviour" in page
    assert "The EHC plan specifies fewer hours than full-time" in page
    lead = signed_in_client(world.users[Role.ATTENDANCE_LEAD]).get(url).content.decode()
    assert "Persistent disruptive behaviour" in lead
    assert "fewer hours" not in lead
    assert "Changed (hidden: you do not have access to SEND detail)" in lead


def test_X1_the_providers_history_shows_letters_of_comfort_and_ofsted(world):
    head = world.users[Role.HEADTEACHER]
    provider = make_provider(world.trust_a, "Letters Centre")
    letter = make_letter(provider, head)
    _save(letter, head, signatory_role="Chief executive")
    inspection = _save(
        OfstedInspection(
            provider=provider,
            scheme="legacy",
            inspection_date=DAY,
            overall_grade=2,
            safeguarding="effective",
            recorded_by=head,
        ),
        head,
    )
    _save(inspection, head, overall_grade=1)
    url = reverse("history:provider", args=[provider.pk])
    page = signed_in_client(head).get(url).content.decode()
    assert "Changed: Letter of comfort: received" in page
    assert "Director" in page and "Chief executive" in page
    assert "Changed: Ofsted inspection: 2 November 2026" in page
    assert "Single overall grade (before September 2024)" in page  # the scheme by its label
    assert "by Headteacher Person (Headteacher)" in page


def test_X1_an_outsider_gets_404_for_each_group_of_a_placements_history(scene):
    placement = scene.attending["own"]
    url = reverse("history:placement", args=[placement.pk])
    head = signed_in_client(scene.users[Role.HEADTEACHER])
    outsider = signed_in_client(scene.outsider)
    other_school = signed_in_client(scene.staff_in["other_school"])
    for show in ("", "attendance", "monitoring", "progress", "outcomes", "placement", "nonsense"):
        assert head.get(f"{url}?show={show}").status_code == 200, show
        assert outsider.get(f"{url}?show={show}").status_code == 404, show
        assert other_school.get(f"{url}?show={show}").status_code == 404, show


def test_X1_record_pages_link_to_the_history_of_their_records(world, placement):
    head = signed_in_client(world.users[Role.HEADTEACHER])
    history = reverse("history:placement", args=[placement.pk])
    page = head.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    for show in ("attendance", "monitoring", "progress", "outcomes"):
        assert f'href="{history}?show={show}"' in page, show
    suspensions = reverse("suspensions:pupil", args=[world.pupil_a1.pk])
    page = head.get(suspensions).content.decode()
    assert f'href="{reverse("history:pupil", args=[world.pupil_a1.pk])}"' in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_X1_a_placements_history_costs_the_same_queries_for_1_and_30_changes(world):
    """Each page has versions of three tables (the placement, its marks and its incidents),
    whatever the number of changes: the count depends on the tables on the page, never on the
    number of rows."""
    head = world.users[Role.HEADTEACHER]
    client = signed_in_client(head)
    counts = {}
    for n in (1, 30):
        pupil = make_pupil(world.school_a1)
        placement = attending(world, pupil)
        marks_save([MarkEntry(placement.pk, DAY, "AM", "/")], by=head)
        incident = _incident(placement, head)
        for i in range(n - 1):
            marks_save([MarkEntry(placement.pk, DAY, "AM", "L" if i % 2 == 0 else "/")], by=head)
        _save(incident, head, provider_action=f"Action {n}")
        _save(placement, head, planned_end_date=dt.date(2027, 5, 7))
        url = reverse("history:placement", args=[placement.pk])
        client.get(url)  # the session's first-request work is done
        counts[n] = _queries(client, url)
        if n == 30:  # two pages, each with both tables
            assert _queries(client, f"{url}?page=2") == counts[n]
    assert counts[1] == counts[30] == PLACEMENT_HISTORY_QUERIES


# The session, the authenticator and the viewer's roles (3), the placement and its weekly
# sessions (2), the pupil and their school for the record's own rule (2), the page of version ids
# and their count (2), per table on the page its versions with the one before each (3 here), the
# authors' roles (1), the people and the provider the fields name (2), and the access log's event
# and its pupils in a savepoint (4).
PLACEMENT_HISTORY_QUERIES = 19
