"""X-1, retention (issue 11 item 4): records past their retention period are listed each month
for the school's DSL, who confirms their deletion; deletion removes the rows, their history and
their files, leaves an anonymous tombstone in the access log and touches nothing else."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from simple_history.utils import get_history_model_for_model

from altprov.attendance.models import AttendanceMark
from altprov.audit.models import AccessEvent, AccessEventPupil
from altprov.authz.permissions import Role
from altprov.chronology.models import ChronologyEntry
from altprov.evidence.models import EvidenceFile
from altprov.organisations.forms import TrustSettingsForm
from altprov.organisations.services import settings_for
from altprov.outcomes.models import FinalReport
from altprov.placements.models import Placement
from altprov.pupils.models import Carer, Pupil
from altprov.referrals.models import Referral
from altprov.retention import services
from altprov.retention.models import DueForDeletion
from altprov.retention.periods import birthday
from altprov.retention.record import record_of
from altprov.sar.models import SubjectAccessExport
from tests.factories import give_role, make_carer, make_pupil, make_user

from .records import full_record

pytestmark = pytest.mark.django_db

BORN = dt.date(2002, 3, 10)  # 25 on 10 March 2027
DAY_BEFORE = dt.datetime(2027, 3, 9, 10, tzinfo=dt.UTC)
BIRTHDAY = dt.datetime(2027, 3, 10, 10, tzinfo=dt.UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def listed() -> set[int]:
    return set(DueForDeletion.objects.values_list("pupil_id", flat=True))


def test_X1_a_birthday_on_29_february_comes_on_1_march_in_other_years():
    assert birthday(dt.date(2004, 2, 29), 25) == dt.date(2029, 3, 1)
    assert birthday(dt.date(2004, 2, 29), 24) == dt.date(2028, 2, 29)
    assert birthday(BORN, 25) == dt.date(2027, 3, 10)


def test_X1_the_job_lists_exactly_the_pupils_past_their_period(world):
    dsl = world.users[Role.DSL]
    turning_25 = make_pupil(world.school_a1, date_of_birth=BORN)
    # Safeguarding information keeps the record to 35 (the default): not due at 25.
    safeguarding_25 = make_pupil(world.school_a1, date_of_birth=BORN)
    ChronologyEntry.objects.create(
        pupil=safeguarding_25,
        occurred_on=dt.date(2026, 10, 1),
        kind="note",
        summary="Referred to children's social care",
        safeguarding=True,
        recorded_by=dsl,
    )
    looked_after_35 = make_pupil(world.school_a1, date_of_birth=dt.date(1992, 3, 10))
    looked_after_35.looked_after = True
    looked_after_35.save()
    # Was looked after once: an earlier version of the record counts too.
    was_looked_after_25 = make_pupil(world.school_a1, date_of_birth=BORN, looked_after=True)
    was_looked_after_25.looked_after = False
    was_looked_after_25.save()
    # Trust B keeps every record until 30.
    b = settings_for(world.trust_b)
    b.retention_years = 30
    b.save()
    b_turning_30 = make_pupil(world.school_b1, date_of_birth=dt.date(1997, 3, 10))
    b_turning_25 = make_pupil(world.school_b1, date_of_birth=BORN)

    with time_machine.travel(DAY_BEFORE, tick=False):
        assert services.list_due(dt.date.today()) == 0
    assert listed() == set()

    with time_machine.travel(BIRTHDAY, tick=False):
        assert services.list_due(dt.date.today()) == 3
    assert listed() == {turning_25.pk, looked_after_35.pk, b_turning_30.pk}
    assert safeguarding_25.pk not in listed() and was_looked_after_25.pk not in listed()
    assert b_turning_25.pk not in listed() and world.pupil_a1.pk not in listed()
    row = DueForDeletion.objects.get(pupil=looked_after_35)
    assert (row.school, row.due_on, row.safeguarding, row.years, row.listed_on) == (
        world.school_a1,
        dt.date(2027, 3, 10),
        True,
        35,
        dt.date(2027, 3, 10),
    )
    b_row = DueForDeletion.objects.get(pupil=b_turning_30)
    assert (b_row.school, b_row.years, b_row.safeguarding) == (world.school_b1, 30, False)

    # A month later the list is the same and keeps the day each was first listed; trust A now
    # keeps records until 26, so its 25-year-old leaves the list.
    a = settings_for(world.trust_a)
    a.retention_years = 26
    a.save()
    with time_machine.travel(BIRTHDAY + dt.timedelta(days=30), tick=False):
        services.list_due(dt.date.today())
    assert listed() == {looked_after_35.pk, b_turning_30.pk}
    assert DueForDeletion.objects.get(pupil=looked_after_35).listed_on == dt.date(2027, 3, 10)


def test_X1_the_monthly_job_is_in_the_schedule_and_lists_for_the_slots_day(world):
    from altprov.ops.schedule import jobs_by_name
    from altprov.retention.tasks import list_due_for_deletion

    job = jobs_by_name()["retention-due"]
    assert job.task.module_path == "altprov.retention.tasks.list_due_for_deletion"
    slot = job.when.latest_slot(dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC))
    assert slot == dt.datetime(2027, 3, 1, 5, tzinfo=dt.UTC)
    assert job.when.latest_slot(dt.datetime(2027, 3, 1, 4, tzinfo=dt.UTC)) == dt.datetime(
        2027, 2, 1, 5, tzinfo=dt.UTC
    )
    assert job.arguments(slot) == ("2027-03-01",)
    pupil = make_pupil(world.school_a1, date_of_birth=BORN)
    assert list_due_for_deletion.call("2027-03-09") == 0
    assert list_due_for_deletion.call("2027-03-10") == 1
    assert listed() == {pupil.pk}


def _counts(pupil) -> dict:
    """Every row and history row of the pupil's record, by table, less the pages that show it
    (the access log's links) and the listing for deletion, which the test's requests add to."""
    record = record_of(pupil)
    counts = {m._meta.label: len(ids) for m, ids in record.rows.items()}
    counts.update({m._meta.label: len(ids) for m, ids in record.history.items()})
    counts.pop("audit.AccessEventPupil", None)
    counts.pop("retention.DueForDeletion", None)
    return counts


def test_X1_confirming_deletes_the_rows_the_history_and_the_files_and_leaves_a_tombstone(
    world, media, client_for, django_capture_on_commit_callbacks
):
    dsl = world.users[Role.DSL]
    pupil = make_pupil(world.school_a1, date_of_birth=BORN, first_name="Retentia")
    other = make_pupil(world.school_a1, date_of_birth=BORN, first_name="Keepwell")
    files = full_record(pupil, dsl)
    other_files = full_record(other, dsl)
    make_carer(world.pupil_a1)
    paths = [Path(f.file.path) for f in files]
    assert all(p.exists() for p in paths)
    # An access event that showed both pupils: it stays, naming the other one only.
    both = AccessEvent.objects.create(
        user=dsl, roles="DSL", trust=world.trust_a, school=world.school_a1, what="x", path="/x"
    )
    AccessEventPupil.objects.create(accessevent=both, pupil=pupil)
    AccessEventPupil.objects.create(accessevent=both, pupil=other)
    other_before = _counts(other)
    first_before = _counts(world.pupil_a1)
    record = record_of(pupil)
    assert record.history_count() > 10 and set(record.files) == {f.pk for f in files}
    historical = {
        label: get_history_model_for_model(model)
        for label, model in [("pupil", Pupil), ("carer", Carer), ("placement", Placement)]
    }
    assert historical["carer"].objects.filter(pupil_id=pupil.pk).count() == 4  # 2 + 1 + delete

    with time_machine.travel(BIRTHDAY, tick=False):
        services.list_due(dt.date.today())
        assert listed() == {pupil.pk, other.pk}
        due = DueForDeletion.objects.get(pupil=pupil)
        client = client_for(dsl)
        page = client.get(reverse("retention:confirm", args=[due.pk]))
        assert page.status_code == 200
        assert "Delete the record of Retentia" in page.content.decode()
        assert "Uploaded files: 2" in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("retention:confirm", args=[due.pk]))
        assert response.status_code == 302
        assert response.url == reverse("retention:due", args=[world.school_a1.pk])
        shown = client.get(response.url).content.decode()
    assert "The record has been deleted" in shown

    # The rows, every version of them and the files are gone.
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    assert not Carer.objects.filter(pupil_id=pupil.pk).exists()
    assert not ChronologyEntry.objects.filter(pupil_id=pupil.pk).exists()
    assert not Referral.objects.filter(pupil_id=pupil.pk).exists()
    assert not SubjectAccessExport.objects.filter(pupil_id=pupil.pk).exists()
    assert not Placement.objects.filter(referral__pupil_id=pupil.pk).exists()
    assert not AttendanceMark.objects.filter(placement__referral__pupil_id=pupil.pk).exists()
    assert not FinalReport.objects.filter(document__in=files).exists()
    assert not EvidenceFile.objects.filter(pk__in=[f.pk for f in files]).exists()
    assert not any(p.exists() for p in paths)
    assert not historical["pupil"].objects.filter(id=pupil.pk).exists()
    assert not historical["carer"].objects.filter(pupil_id=pupil.pk).exists()
    for model, ids in record.history.items():
        assert not model.objects.filter(pk__in=ids).exists(), model
    for model, ids in record.rows.items():
        assert not model._base_manager.filter(pk__in=ids).exists(), model
    assert not DueForDeletion.objects.filter(pk=due.pk).exists()
    # The access log keeps the event, without this pupil (the page of the confirmation too).
    assert not AccessEventPupil.objects.filter(pupil_id=pupil.pk).exists()
    assert list(AccessEvent.objects.get(pk=both.pk).pupils.all()) == [other]

    # The tombstone: who, when, the school, a reference and counts; nothing of the pupil.
    tombstone = AccessEvent.objects.get(what=services.TOMBSTONE)
    assert (tombstone.user, tombstone.school, tombstone.trust) == (
        dsl,
        world.school_a1,
        world.trust_a,
    )
    assert not tombstone.pupils.exists()
    # The rows counted before, the listing and the confirmation page's access-log link.
    assert re.fullmatch(
        rf"RD-[0-9A-F]{{8}}: {record.row_count() + 2} rows, {record.history_count()} history "
        r"rows and 2 files deleted, past the retention period",
        tombstone.path,
    )
    for detail in (pupil.first_name, pupil.last_name, pupil.upn, BORN.isoformat(), "March 2002"):
        assert detail not in tombstone.path + tombstone.what + tombstone.roles
    assert tombstone.path.split(":")[0] in shown  # the DSL's page lists it

    # Nothing of anyone else was touched.
    assert _counts(other) == other_before
    assert _counts(world.pupil_a1) == first_before
    assert all(Path(f.file.path).exists() for f in other_files)
    assert listed() == {other.pk}


def test_X1_only_the_schools_dsl_sees_the_list_and_may_confirm(world, media, client_for):
    pupil = make_pupil(world.school_a1, date_of_birth=BORN)
    full_record(pupil, world.users[Role.DSL])
    dsl_a2 = make_user("dsl-a2@example.org")
    give_role(dsl_a2, Role.DSL, school=world.school_a2)
    with time_machine.travel(BIRTHDAY, tick=False):
        services.list_due(dt.date.today())
        due = DueForDeletion.objects.get(pupil=pupil)
        others = [u for r, u in world.users.items() if r is not Role.DSL]
        for user in [*others, dsl_a2, world.outsider]:
            client = client_for(user)
            list_url = reverse("retention:due", args=[world.school_a1.pk])
            assert client.get(list_url).status_code == 404, user
            url = reverse("retention:confirm", args=[due.pk])
            assert client.get(url).status_code == 404, user
            assert client.post(url).status_code == 404, user
            with pytest.raises(ValidationError):
                services.confirm_deletion(due=due, by=user)
        assert Pupil.objects.filter(pk=pupil.pk).exists()
        assert not AccessEvent.objects.filter(what=services.TOMBSTONE).exists()
        # The DSL's own list shows the pupil, and the access log names them for it.
        page = client_for(world.users[Role.DSL]).get(list_url)
    assert page.status_code == 200
    assert pupil.sorted_name in page.content.decode()
    event = AccessEvent.objects.filter(what="records due for deletion").get()
    assert list(event.pupils.all()) == [pupil]


def test_X1_a_second_confirmation_is_refused_cleanly(world, media, client_for):
    dsl = world.users[Role.DSL]
    pupil = make_pupil(world.school_a1, date_of_birth=BORN)
    full_record(pupil, dsl)
    with time_machine.travel(BIRTHDAY, tick=False):
        services.list_due(dt.date.today())
        due = DueForDeletion.objects.get(pupil=pupil)
        as_read = DueForDeletion.objects.select_related("school").get(pk=due.pk)
        services.confirm_deletion(due=due, by=dsl)
        # A request at the same moment holds the row as it was read: refused, nothing written.
        with pytest.raises(ValidationError, match="already been deleted"):
            services.confirm_deletion(due=as_read, by=dsl)
        assert AccessEvent.objects.filter(what=services.TOMBSTONE).count() == 1
        # A second press of the button: the listing is gone, so not found (never a 500).
        client = client_for(dsl)
        assert client.post(reverse("retention:confirm", args=[due.pk])).status_code == 404
    assert AccessEvent.objects.filter(what=services.TOMBSTONE).count() == 1


def test_X1_a_record_no_longer_due_when_confirmed_is_kept(world, media):
    dsl = world.users[Role.DSL]
    pupil = make_pupil(world.school_a1, date_of_birth=BORN)
    full_record(pupil, dsl)
    with time_machine.travel(BIRTHDAY, tick=False):
        services.list_due(dt.date.today())
        due = DueForDeletion.objects.get(pupil=pupil)
        a = settings_for(world.trust_a)
        a.retention_years = 30
        a.save()
        with pytest.raises(ValidationError, match="no longer past its retention period"):
            services.confirm_deletion(due=due, by=dsl)
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert Placement.objects.filter(referral__pupil=pupil).exists()


def test_X1_the_dsl_home_page_says_records_are_due(world, client_for):
    make_pupil(world.school_a1, date_of_birth=BORN)
    make_pupil(world.school_a1, date_of_birth=BORN)
    with time_machine.travel(BIRTHDAY, tick=False):
        services.list_due(dt.date.today())
        home = client_for(world.users[Role.DSL]).get(reverse("core:home")).content.decode()
        head = client_for(world.users[Role.HEADTEACHER]).get(reverse("core:home"))
    assert "2 pupils&#x27; records are past the retention period" in home
    assert reverse("retention:due", args=[world.school_a1.pk]) in home
    assert "retention period" not in head.content.decode()


def test_X1_the_trust_settings_keep_safeguarding_records_at_least_as_long(world):
    data = {
        f.name: f.value()
        for f in TrustSettingsForm(instance=settings_for(world.trust_a))
        if f.value() is not None
    }
    form = TrustSettingsForm(
        {**data, "retention_years": 30, "safeguarding_retention_years": 28},
        instance=settings_for(world.trust_a),
    )
    assert not form.is_valid()
    assert "at least the years every pupil's record is kept (30)" in " ".join(
        form.errors["safeguarding_retention_years"]
    )
    form = TrustSettingsForm(
        {**data, "retention_years": 24, "safeguarding_retention_years": 35},
        instance=settings_for(world.trust_a),
    )
    assert "retention_years" in form.errors


def test_X5_deleting_a_record_needs_a_fresh_second_factor(world, media, client_for):
    dsl = world.users[Role.DSL]
    pupil = make_pupil(world.school_a1, date_of_birth=BORN)
    with time_machine.travel(BIRTHDAY, tick=False):
        services.list_due(dt.date.today())
        due = DueForDeletion.objects.get(pupil=pupil)
        client = client_for(dsl)
    url = reverse("retention:confirm", args=[due.pk])
    with time_machine.travel(BIRTHDAY + dt.timedelta(minutes=16), tick=False):
        response = client.post(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:step_up"))
        assert client.get(url).url.startswith(reverse("accounts:step_up"))
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert not AccessEvent.objects.filter(what=services.TOMBSTONE).exists()


def test_X1_the_dsl_reaches_the_list_from_the_navigation(world, client_for):
    from tests.core.test_pages import nav_texts

    def texts(role):
        home = client_for(world.users[role]).get("/")
        return [t.strip() for t in nav_texts(home)]

    assert "Retention" in texts(Role.DSL)
    for role in (Role.HEADTEACHER, Role.TRUST_SAFEGUARDING_LEAD, Role.TRUST_ADMINISTRATOR):
        assert "Retention" not in texts(role)
    page = client_for(world.users[Role.DSL]).get(
        reverse("retention:due", args=[world.school_a1.pk])
    )
    assert page.status_code == 200
    assert "No record of the school is due for deletion." in page.content.decode()
