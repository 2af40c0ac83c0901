"""Issue 14, 1.5 for what providers submit: eight "Send the report" presses at the same moment
make one termly report (R-12.1), and eight "Send your answers" close the request once (R-5.3).
Run with DATABASE_URL=postgres://... (skipped on SQLite, whose IMMEDIATE transactions queue
writers one by one anyway)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.monitoring import services as monitoring
from altprov.monitoring.models import TermlyReport
from altprov.provider_audits import services as audits
from altprov.provider_audits.models import SelfAssessmentRequest
from tests import factories
from tests.concurrency import on_postgresql, simultaneously
from tests.duties.helpers import attending

from .helpers import provider_user

PRESSES = 8


def _outcome(call):
    try:
        call()
    except ValidationError as error:
        return error.messages[0]
    return "ok"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_R12_1_eight_simultaneous_reports_make_one(world):
    factories.make_calendar(world.school_a1, 2027)
    today = dt.date.today()
    provider = factories.make_provider(world.trust_a, "Provider A Centre")
    placement = attending(
        world,
        world.pupil_a1,
        provider,
        start=today - dt.timedelta(days=20),
        end=today + dt.timedelta(days=200),
    )
    pat = provider_user(provider)
    fields = {"academic_progress": "a", "behaviour": "b", "welfare": "c"}
    outcomes = simultaneously(
        [
            lambda: _outcome(
                lambda: monitoring.report_submit(placement=placement, by=pat, **fields)
            )
            for _ in range(PRESSES)
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert TermlyReport.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_R5_3_eight_simultaneous_sends_close_the_request_once(world):
    provider = factories.make_provider(world.trust_a, "Provider A Centre")
    pat = provider_user(provider)
    ap = world.users[Role.AP_LEAD]
    audit, _ = audits.audit_start(provider=provider, school=world.school_a1, by=ap)
    request = audits.self_assessment_request(audit=audit, sections=["transition"], by=ap)
    answers = {
        "transition.induction": "a",
        "transition.tasters": "b",
        "transition.return_to_mainstream": "c",
    }

    def send():
        fresh = SelfAssessmentRequest.objects.get(pk=request.pk)
        return audits.self_assessment_save(request=fresh, answers=answers, by=pat, send=True)

    outcomes = simultaneously([lambda: _outcome(send) for _ in range(PRESSES)])
    assert outcomes.count("ok") == 1, outcomes
    assert SelfAssessmentRequest.history.filter(submitted_at__isnull=False).count() == 1
