"""X-1: every response that shows a pupil's name writes an access-log row naming that pupil, and
no response logs a pupil it did not show.

The world is the authorization matrix's (referrals, placements, audits and evidence in schools
A1, A2 and B1, tests/authorization/test_matrix.py), with more pupils so that a referral and a
placement in each state appear in A1 and A2, and every pupil renamed with canary first and last
names found nowhere else. Each role in turn opens every URL of the URL configuration, with the
real ids the policy table gives it (tests/authorization/policy.py).
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from altprov.audit.access import record_access
from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.chronology.services import entry_add
from altprov.placements.models import Placement, PlacementSession
from altprov.pupils.models import Pupil
from altprov.referrals.models import Agreement, Referral
from tests.authorization import test_matrix as matrix
from tests.authorization.policy import POLICY, PUPIL_ROLES
from tests.conftest import signed_in_client
from tests.factories import make_carer, make_provider, make_pupil

pytestmark = pytest.mark.django_db

scene = matrix.scene  # the matrix test's world, as a fixture

HOME_LABEL = "home: what needs your attention"


def canary_names(pupil) -> tuple[str, str]:
    return f"Firstq{pupil.pk}zx", f"Lastq{pupil.pk}zx"


def _referral(pupil, *, submitted=True, decision="approved", agreed=False):
    referral = Referral.objects.create(
        pupil=pupil,
        school=pupil.school,
        reasons=["wider_curriculum"],
        route="school_directed",
        created_by=_author(),
        submitted_at=timezone.now() if submitted else None,
        decision=decision if submitted else "",
        rationale="Needed" if decision else "",
        decided_at=timezone.now() if submitted and decision else None,
    )
    if agreed:
        Agreement.objects.create(
            referral=referral,
            responsibilities="x",
            contact_timescales="x",
            safeguarding_route="x",
            maximum_weeks=12,
            response="agreed",
            responded_on=dt.date(2026, 11, 2),
            recorded_by=_author(),
        )
    return referral


def _author():
    from altprov.accounts.models import User

    return User.objects.get(email="outsider@example.org")


def _placement(pupil, provider, status):
    referral = _referral(pupil, agreed=True)
    placement = Placement.objects.create(
        referral=referral,
        provider=provider,
        start_date=dt.date(2026, 11, 9),
        planned_end_date=dt.date(2027, 2, 1),
        created_by=_author(),
        exceptional_reasons="x",
        professionals_consulted="y",
        sole_provision=True,
        status=status,
        started_on=dt.date(2026, 11, 9) if status != Placement.Status.PLANNED else None,
    )
    PlacementSession.objects.create(
        placement=placement, day=0, starts_at=dt.time(9), ends_at=dt.time(15)
    )
    return placement


@pytest.fixture
def every_state(scene):
    """Adds to each of schools A1 and A2: a referral waiting for the Headteacher's decision, one
    being written for a looked-after pupil (the DSL and SENDCo are asked for their view), a
    declined one, placements planned, attending and ended at a provider that also counts other
    placements for the registration threshold, a pupil with only a carer, and chronology entries
    (one safeguarding). Then gives every pupil canary names."""
    for school in (scene.school_a1, scene.school_a2):
        provider = make_provider(school.trust, registration_status="unregistered")
        _referral(make_pupil(school), submitted=True, decision="")
        consulted = make_pupil(school, looked_after=True, send_status="ehcp")
        _referral(consulted, submitted=False)
        _referral(make_pupil(school), decision="declined")
        for status in Placement.Status.values:
            _placement(make_pupil(school), provider, status)
        make_carer(make_pupil(school))
        for pupil in (consulted, *Pupil.objects.filter(school=school)[:2]):
            entry_add(pupil=pupil, kind="note", occurred_on="2026-09-01", summary="A note", by=None)
            entry_add(
                pupil=pupil,
                kind="note",
                occurred_on="2026-09-02",
                summary="A concern",
                safeguarding=True,
                by=None,
            )
    for pupil in Pupil.objects.all():
        pupil.first_name, pupil.last_name = canary_names(pupil)
        pupil.save(update_fields=["first_name", "last_name"])
    scene.canaries = {p.pk: canary_names(p) for p in Pupil.objects.all()}
    return scene


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def _last_event_id() -> int:
    return AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _logged_by(user, after: int) -> set[int]:
    return set(
        AccessEvent.objects.filter(pk__gt=after, user=user, pupils__isnull=False).values_list(
            "pupils", flat=True
        )
    )


def _problems(world, user, url, response, logged) -> list[str]:
    body = _body(response)
    shown = {pk for pk, names in world.canaries.items() if any(n in body for n in names)}
    problems = [
        f"{url} ({response.status_code}) shows {world.canaries[pk]} without logging it"
        for pk in sorted(shown - logged)
    ]
    # Only an HTML page can be read here: a PDF prints its names compressed.
    if response.get("Content-Type", "").startswith("text/html"):
        problems += [
            f"{url} ({response.status_code}) logs {world.canaries[pk]} but does not show them"
            for pk in sorted(logged - shown)
        ]
    return problems


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_X1_every_page_that_shows_a_pupils_name_logs_that_pupil_and_no_other(every_state, role):
    world = every_state
    user = world.users[role]
    client = signed_in_client(user)
    failures, pages_with_names = [], 0
    for name in sorted(matrix.url_names()):
        rule = POLICY[name]
        for scope in rule.scopes:
            url = reverse(name, kwargs=rule.kwargs(world, scope) if rule.kwargs else {})
            before = _last_event_id()
            response = client.get(url)
            logged = _logged_by(user, before)
            failures += _problems(world, user, url, response, logged)
            pages_with_names += bool(logged)
    assert not failures, "\n".join(failures)
    if role in PUPIL_ROLES:
        assert pages_with_names > 3  # the walk reached the pages that show pupils


def test_X1_the_walk_fails_a_page_that_prints_a_name_without_the_accessor(every_state, settings):
    """The check above can fail: a page printing the stored field logs nothing and is caught."""
    world = every_state
    user = world.users[Role.HEADTEACHER]
    pupil = world.pupil_a1
    before = _last_event_id()
    response = signed_in_client(user).get(reverse("accounts:account"))
    first_name, _ = world.canaries[pupil.pk]
    response.content = response.content + first_name.encode()  # as a careless page would
    problems = _problems(world, user, "/account/", response, _logged_by(user, before))
    assert problems == [f"/account/ (200) shows {world.canaries[pupil.pk]} without logging it"]


def test_X1_the_home_page_logs_the_pupils_its_attention_list_names(every_state):
    world = every_state
    waiting = Referral.objects.get(school=world.school_a1, submitted_at__isnull=False, decision="")
    first, last = world.canaries[waiting.pupil_id]
    head = world.users[Role.HEADTEACHER]
    page = signed_in_client(head).get("/").content.decode()
    assert f"Open the referral of {first} {last}" in page
    event = AccessEvent.objects.get(user=head)
    assert event.what == HOME_LABEL and event.path == "/"
    assert event.school == world.school_a1
    assert list(event.pupils.all()) == [waiting.pupil]

    consulted = Referral.objects.get(school=world.school_a1, submitted_at__isnull=True)
    dsl = world.users[Role.DSL]
    page = signed_in_client(dsl).get("/").content.decode()
    first, last = world.canaries[consulted.pupil_id]
    assert f"Record your view on the referral of {first} {last}" in page
    assert list(AccessEvent.objects.get(user=dsl).pupils.all()) == [consulted.pupil]


def test_X1_a_home_page_naming_no_pupil_logs_nothing(every_state):
    signed_in_client(every_state.users[Role.TRUST_EXECUTIVE]).get("/")
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize("waiting", [1, 20])
def test_X1_logging_the_home_page_costs_the_same_queries_whatever_the_number_of_pupils(
    world, waiting, django_assert_num_queries
):
    for _ in range(waiting):
        _referral(make_pupil(world.school_a1), submitted=True, decision="")
    client = signed_in_client(world.users[Role.HEADTEACHER])
    client.get("/")
    with django_assert_num_queries(QUERIES_HOME_WITH_LOG):
        client.get("/")
    assert AccessEvent.objects.last().pupils.count() == waiting


# Includes the role invitations waiting for the user, the Headteacher's monitoring duties
# (incidents and formal reviews awaiting a decision, R-12.3, R-12.4) and the pupils they are the
# pastoral contact for, and the suspensions the duty engine checks, and the
# Headteacher's AP budget duty (the trust settings for the financial year and the placements in
# it, R-10.10).
# The reintegration and outcome duties add two.
# Issue 10 took five off the overheads (the session written once a minute, the user and their
# authenticator in one query, the schools from the roles). The list's pupils are logged with the
# school and trust ids found with them (altprov/core/attention.py: no query for their schools).
# This is the list computed afresh (the tests' cache keeps nothing); from its stored copy the page
# makes 8 (tests/queries/test_p1_pages.py).
QUERIES_HOME_WITH_LOG = 23


def test_X1_one_page_showing_pupils_of_two_schools_writes_one_event_per_school(every_state):
    world = every_state
    user = world.users[Role.TRUST_SAFEGUARDING_LEAD]
    client = signed_in_client(user)
    client.get(f"/pupils/{world.pupil_a1.pk}/")
    client.get(f"/pupils/{world.canary_a2.pk}/")
    events = AccessEvent.objects.filter(user=user).order_by("pk")
    assert [(e.school, list(e.pupils.all())) for e in events] == [
        (world.school_a1, [world.pupil_a1]),
        (world.school_a2, [world.canary_a2]),
    ]
    request = RequestFactory().get("/somewhere/")
    request.user = user
    record_access(request, what="a page", pupils=[world.pupil_a1, world.canary_a2, world.pupil_a1])
    pair = AccessEvent.objects.filter(what="a page").order_by("school__name")
    assert [(e.school, list(e.pupils.all())) for e in pair] == [
        (world.school_a1, [world.pupil_a1]),
        (world.school_a2, [world.canary_a2]),
    ]


def test_X1_pupils_counted_for_the_registration_threshold_are_not_logged(every_state):
    """The placement page counts every placement at its provider (R-5.9): only its own pupil is
    shown and logged."""
    world = every_state
    placement = (
        Placement.objects.filter(referral__school=world.school_a1, status=Placement.Status.ACTIVE)
        .exclude(pk=world.attending["own"].pk)  # the matrix scene's, for the review page
        .get()
    )
    assert Placement.objects.filter(provider=placement.provider).count() == 3
    user = world.users[Role.AP_LEAD]
    assert signed_in_client(user).get(f"/placements/{placement.pk}/").status_code == 200
    assert list(AccessEvent.objects.get(user=user).pupils.all()) == [placement.pupil]


def test_X1_the_written_notice_pdf_logs_its_pupil(every_state):
    world = every_state
    placement = world.placements["own"]
    user = world.users[Role.AP_LEAD]
    response = signed_in_client(user).get(reverse("placements:notice_pdf", args=[placement.pk]))
    assert response["Content-Type"] == "application/pdf"
    event = AccessEvent.objects.get(user=user)
    assert event.what == "placement: written notice letter"
    assert list(event.pupils.all()) == [placement.pupil]


def test_X1_a_page_without_a_label_is_logged_under_its_url_name(world, monkeypatch):
    from altprov.pupils import views

    monkeypatch.delattr(views.pupil_detail, "access_label")
    signed_in_client(world.users[Role.DSL]).get(f"/pupils/{world.pupil_a1.pk}/")
    assert AccessEvent.objects.get().what == "pupils:detail"


def test_X1_a_refusal_after_the_name_was_read_logs_nothing(world):
    """The SENDCo may change SEND details but not safeguarding details: the page reads the pupil
    and refuses (404); nothing was shown, so nothing is logged."""
    client = signed_in_client(world.users[Role.SENDCO])
    assert client.get(f"/pupils/{world.pupil_a1.pk}/safeguarding/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_X1_names_are_read_outside_a_request_without_logging(world):
    assert world.pupil_a1.full_name == "Alex Ordinary"
    assert str(world.pupil_a1) == "Alex Ordinary" and world.pupil_a1.sorted_name == "Ordinary, Alex"
    assert repr(world.pupil_a1) == f"<Pupil {world.pupil_a1.pk}>"  # no name in logs
    assert not AccessEvent.objects.exists()


ROOT = Path(__file__).resolve().parents[2] / "altprov"
# Where the stored name fields are read to be stored, compared or searched, never printed.
READS_STORED_NAMES = {
    "pupils/models.py",
    "pupils/forms.py",
    "pupils/importer/parsing.py",
    "pupils/importer/applying.py",
    "core/demo/schools.py",
    "api/serializers.py",  # an MIS needs the names apart; each pupil is declared shown first
}


def test_X1_templates_and_code_print_pupil_names_only_through_the_accessors_that_log_them():
    """`first_name` and `last_name` print a name without logging it: templates and views use
    full_name, short_name, sorted_name or str(pupil) instead."""
    stored = re.compile(r"\.(first_name|last_name)\b")
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted(ROOT.rglob("*"))
        if path.suffix in {".html", ".txt", ".py"}
        and "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in READS_STORED_NAMES
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if stored.search(line)
    ]
    assert not found, "Print names with pupil.full_name (or short_name):\n" + "\n".join(found)
