"""X-4: the daily email digest tells each person how many items need their attention and links
to the service, with no pupil names, provider names or safeguarding content."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from altprov.authz.permissions import Role
from altprov.duties.digest import send_all
from altprov.duties.tasks import send_daily_digests
from tests.duties.helpers import attending, audited_provider
from tests.factories import World, give_role, make_pupil, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 3)


def scene(world):
    canary = make_pupil(world.school_a1, first_name="Canarydigestzqx", last_name="Hidden")
    attending(world, canary)
    attending(world, world.pupil_a1)
    attending(world, world.canary_a2)
    audited_provider(
        world, "Provider Namezqx", visit=dt.date(2025, 12, 1), letter_due=dt.date(2026, 10, 30)
    )


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message.body


def test_X4_the_digest_counts_each_persons_items_and_names_no_pupil(world):
    scene(world)
    both = make_user(full_name="Two Schools Person")
    give_role(both, Role.AP_LEAD, school=world.school_a1)
    give_role(both, Role.AP_LEAD, school=world.school_a2)
    sent = send_all(TODAY)
    for message in mail.outbox:
        for secret in (
            "Canarydigestzqx",
            "Alex",
            "Ordinary",
            World.CANARY_A2,
            World.CANARY_B1,
            "Provider Namezqx",
            "safeguarding",
        ):
            assert secret not in message.body and secret not in message.subject
    # The AP Lead: two reviews and two visits overdue, a re-audit due soon, a letter
    # overdue and this week's attendance update due.
    body = mail_to(world.users[Role.AP_LEAD])
    assert "7 items in AltProv need your attention today (5 overdue)" in body
    assert "http://127.0.0.1:8000/" in body
    # The DSL quality-assures providers but does not review placements.
    assert "2 items in AltProv need your attention today (1 overdue)" in mail_to(
        world.users[Role.DSL]
    )
    # Someone in two schools gets the count for each.
    body = mail_to(both)
    assert "10 items" in body  # with each school's attendance update due this week
    assert (
        "- School A1: 5 overdue, 2 due soon" in body
        and "- School A2: 2 overdue, 1 due soon" in body
    )
    # Nobody with nothing to do is written to; nor anyone outside the trust.
    # Headteacher, AP Lead, DSL, the Attendance Lead, the person in two schools
    assert sent == len(mail.outbox) == 5
    # The Attendance Lead: this week's attendance update.
    assert "1 item in AltProv needs your attention today" in mail_to(
        world.users[Role.ATTENDANCE_LEAD]
    )
    assert not [m for m in mail.outbox if m.to == [world.outsider.email]]


def test_X4_nobody_is_written_to_when_nothing_is_due(world):
    assert send_all(TODAY) == 0 and mail.outbox == []


def test_X4_the_task_sends_the_digest_and_the_command_queues_it(world):
    scene(world)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        result = send_daily_digests.enqueue(TODAY.isoformat())
    # Headteacher, AP Lead, DSL and the Attendance Lead (the weekly attendance update)
    assert result.return_value == 4 and len(mail.outbox) == 4
    from django_tasks_db.models import DBTaskResult

    call_command("send_digests", "--date", TODAY.isoformat())
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "altprov.duties.tasks.send_daily_digests"
    assert queued.args_kwargs["args"] == [TODAY.isoformat()]
