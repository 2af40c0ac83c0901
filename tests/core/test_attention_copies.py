"""Issue 10, P1: the home page shows a stored copy of each person's attention list while it is
still true (altprov/core/attention.py, altprov/core/generations.py). A write in the person's
trust, by the person, to the whole service or by a command, another day and a quarter of an hour
each make the copy stale; a write in another trust does not. The copy still logs every pupil it
names (X-1).

A copy is shown stale on purpose here: the tests change data behind the service's back (with
the ORM, as no page can) and then prove that the page shows the copy, or that a write made it
compute the list again."""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from altprov.audit.models import AccessEvent
from altprov.authz.permissions import Role
from altprov.core import generations
from altprov.core.attention import list_key
from altprov.ops.schedule import jobs_by_name
from altprov.ops.tasks import delete_expired_cache_rows
from altprov.organisations.selectors import CURRENT_SCHOOL
from altprov.providers.models import Provider
from altprov.staff.services import staff_add
from tests.api.helpers import token_for
from tests.attendance.helpers import placements
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.duties.test_reviews import data as review
from tests.factories import PASSWORD, make_provider, make_user

pytestmark = pytest.mark.django_db

REVIEW = "Review of the agreement and placement at"
HOME_LABEL = "home: what needs your attention"
# London is on GMT in November: these are the school's own times.
TODAY = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def placement(world, attention_copies):
    return attending(world, world.pupil_a1, make_provider(world.trust_a, "Oakfield Centre"))


def home(client) -> str:
    return client.get("/").content.decode()


def renamed(placement, name="Renamed Centre") -> str:
    """The provider renamed behind the service's back: a computed list says the new name, a
    stored copy the old one."""
    Provider.objects.filter(pk=placement.provider_id).update(name=name)
    return name


def test_a_second_visit_shows_the_stored_copy_without_asking_the_sources(world, placement):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    assert f"{REVIEW} Oakfield Centre" in home(ap)
    renamed(placement)
    with CaptureQueriesContext(connection) as ctx:
        page = home(ap)
    assert f"{REVIEW} Oakfield Centre" in page
    assert not any("placements_placement" in q["sql"] for q in ctx.captured_queries)


def test_a_review_recorded_by_another_person_of_the_trust_leaves_the_list_at_once(world, placement):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    assert REVIEW in home(ap)
    head = signed_in_client(world.users[Role.HEADTEACHER])
    url = f"/placements/{placement.pk}/reviews/add/"
    assert head.post(url, review(dt.date(2026, 11, 3))).status_code == 302
    assert REVIEW not in home(ap)


def test_a_write_refused_by_its_form_makes_the_copies_of_the_trust_stale_too(world, placement):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    home(ap)
    name = renamed(placement)
    head = signed_in_client(world.users[Role.HEADTEACHER])
    url = f"/placements/{placement.pk}/reviews/add/"
    assert head.post(url, review(dt.date(2026, 11, 4))).status_code == 200  # a future date
    assert f"{REVIEW} {name}" in home(ap)


def test_a_write_in_another_trust_leaves_the_copy_alone(world, placement, attention_copies):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    home(ap)
    token = attention_copies.get(generations.trust_key(world.trust_a.pk))
    renamed(placement)
    outsider = signed_in_client(world.outsider)
    assert outsider.post("/switch-school/", {"school": world.school_b1.pk}).status_code == 302
    assert attention_copies.get(generations.trust_key(world.trust_a.pk)) == token
    assert f"{REVIEW} Oakfield Centre" in home(ap)  # the copy: nothing was computed


def test_a_page_read_changes_no_generation(world, placement, attention_copies):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    home(ap)
    keys = generations.read_by(world.users[Role.AP_LEAD])
    before = attention_copies.get_many(keys)
    signed_in_client(world.users[Role.HEADTEACHER]).get(f"/placements/{placement.pk}/")
    assert attention_copies.get_many(keys) == before


def test_a_command_that_changes_data_shows_at_once(world, attention_copies, tmp_path, clock):
    clock.move_to(dt.datetime(2026, 11, 6, 16, tzinfo=dt.UTC))
    (placement,) = placements(world, 1)
    lead = world.users[Role.ATTENDANCE_LEAD]
    client = signed_in_client(lead)
    follow_up = "Follow-up of an unauthorised absence on 2 November 2026"
    assert follow_up not in home(client)
    path = tmp_path / "register.csv"
    path.write_text(f"UPN,Date,Session,Code\n{placement.pupil.upn},02/11/2026,PM,N\n")
    out = io.StringIO()
    call_command("import_marks", str(path), "--school", world.school_a1.urn, "--by", lead.email,
                 stdout=out)  # fmt: skip
    assert "1 unauthorised absence to follow up" in out.getvalue()
    assert follow_up in home(client)


def test_a_command_that_fails_still_makes_every_copy_stale(world, attention_copies):
    before = attention_copies.get(generations.SERVICE)
    with pytest.raises(Exception, match="No school has the URN"):
        call_command("import_marks", "x.csv", "--school", "0", "--by", "x@example.org")
    assert attention_copies.get(generations.SERVICE) != before


def test_the_next_day_computes_the_list_again(world, placement, clock):
    clock.move_to(dt.datetime(2026, 11, 3, 23, 52, tzinfo=dt.UTC))
    ap = signed_in_client(world.users[Role.AP_LEAD])
    home(ap)
    name = renamed(placement)
    clock.move_to(dt.datetime(2026, 11, 3, 23, 58, tzinfo=dt.UTC))
    assert f"{REVIEW} Oakfield Centre" in home(ap)  # the same day: the copy
    # Eleven minutes after the copy was made, but the next day.
    clock.move_to(dt.datetime(2026, 11, 4, 0, 3, tzinfo=dt.UTC))
    assert f"{REVIEW} {name}" in home(ap)


def test_a_copy_older_than_a_quarter_of_an_hour_is_computed_again(world, placement, clock):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    home(ap)
    name = renamed(placement)
    clock.move_to(TODAY + dt.timedelta(minutes=14))
    assert f"{REVIEW} Oakfield Centre" in home(ap)
    clock.move_to(TODAY + dt.timedelta(minutes=15))
    assert f"{REVIEW} {name}" in home(ap)


def test_each_school_a_person_works_in_has_its_own_copy(world):
    request = RequestFactory().get("/")
    request.user = world.users[Role.TRUST_EXECUTIVE]
    request.session = {}
    first = list_key(request)
    request.session = {CURRENT_SCHOOL: world.school_a2.pk}
    del request._altprov_schools
    assert list_key(request) != first
    assert list_key(request).endswith(f":{world.school_a2.pk}:2026-11-03")


def test_a_role_offered_by_another_trust_shows_at_once(
    world, attention_copies, django_capture_on_commit_callbacks
):
    head = world.users[Role.HEADTEACHER]
    client = signed_in_client(head)
    assert "has offered you a role" not in home(client)
    with django_capture_on_commit_callbacks(execute=True):
        staff_add(
            trust=world.trust_b,
            email=head.email,
            full_name=head.full_name,
            job_title="Head",
            role=Role.DSL,
            school=world.school_b1,
            by=world.outsider,
        )
    assert "has offered you a role" in home(client)


def test_the_access_log_names_every_pupil_of_a_stored_copy(world, placement):
    ap = signed_in_client(world.users[Role.AP_LEAD])
    home(ap)
    home(ap)
    events = list(AccessEvent.objects.filter(what=HOME_LABEL).order_by("pk"))
    assert len(events) == 2
    for event in events:
        assert list(event.pupils.all()) == [world.pupil_a1]
        assert (event.school, event.trust, event.user) == (
            world.school_a1,
            world.trust_a,
            world.users[Role.AP_LEAD],
        )
    assert events[1].roles == events[0].roles == "AP Lead"


def cached_rows(prefix: str) -> int:
    table = connection.ops.quote_name(settings.CACHE_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s", [f"%:{prefix}%"])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_copy_naming_pupils_is_deleted_within_5_minutes_of_its_expiry(
    world, placement, attention_copies, clock
):
    home(signed_in_client(world.users[Role.AP_LEAD]))
    assert cached_rows("attention:") == 1
    clock.move_to(TODAY + dt.timedelta(minutes=14))
    assert delete_expired_cache_rows.call() == 0
    clock.move_to(TODAY + dt.timedelta(minutes=15, seconds=1))
    assert delete_expired_cache_rows.call() == 1
    assert cached_rows("attention:") == 0
    assert cached_rows("generation:") == 3  # the tokens never expire
    assert jobs_by_name()["expired-cache-rows"].when.seconds == 300


# Who a write makes stale ------------------------------------------------------------------------


def writer(user, **extra):
    request = RequestFactory().post("/")
    request.user = user
    for name, value in extra.items():
        setattr(request, name, value)
    return request


def test_a_write_by_school_or_trust_staff_makes_their_trust_and_themselves_stale(world):
    for role in (Role.AP_LEAD, Role.TRUST_EXECUTIVE):
        user = world.users[role]
        assert set(generations.written_by(writer(user))) == {
            generations.user_key(user.pk),
            generations.trust_key(world.trust_a.pk),
        }


def test_a_write_by_a_service_role_makes_everything_stale(world):
    user = world.users[Role.SERVICE_ADMINISTRATOR]
    assert set(generations.written_by(writer(user))) == {
        generations.user_key(user.pk),
        generations.SERVICE,
    }


def test_a_write_by_a_provider_user_makes_their_providers_trust_stale(world):
    provider = make_provider(world.trust_b, "Portal Place")
    user = make_user(provider=provider)
    assert set(generations.written_by(writer(user))) == {
        generations.user_key(user.pk),
        generations.trust_key(world.trust_b.pk),
    }


def test_a_write_by_an_api_client_makes_its_trust_stale(world):
    client, _ = token_for(world, school=world.school_b1)
    request = writer(world.users[Role.AP_LEAD], api_client=client)
    assert generations.written_by(request) == [generations.trust_key(world.trust_b.pk)]


def test_signing_in_makes_nothing_stale(world, attention_copies):
    user = world.users[Role.AP_LEAD]
    client = Client()
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert attention_copies.get(generations.trust_key(world.trust_a.pk)) is None
    assert attention_copies.get(generations.user_key(user.pk)) is None


def test_a_write_signed_out_makes_nothing_stale(world):
    assert generations.written_by(writer(AnonymousUser())) == []


def test_a_lost_generation_never_brings_a_stale_copy_back(world, placement, attention_copies):
    """The cache loses the trust's generation (culled) before a copy is stored, and again after a
    write replaced it: the copy was stored under a real token, never under "missing", so the
    generation missing again does not match it."""
    trust = generations.trust_key(world.trust_a.pk)
    ap = signed_in_client(world.users[Role.AP_LEAD])
    attention_copies.delete(trust)
    home(ap)
    name = renamed(placement)
    signed_in_client(world.users[Role.HEADTEACHER]).post("/switch-school/", {"school": 0})
    attention_copies.delete(trust)
    assert f"{REVIEW} {name}" in home(ap)
