"""R-11.1: progress against each objective of the plan, recorded by the AP Lead."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.authz.permissions import Role
from altprov.placements.models import PlanObjective
from altprov.progress.models import ObjectiveProgress
from altprov.progress.selectors import latest_progress
from tests.conftest import signed_in_client
from tests.duties.helpers import attending
from tests.factories import make_pupil

from .helpers import date_data, placement_with_objectives

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

from .helpers import frozen  # noqa: E402,F401


def data(day=dt.date(2026, 11, 2), **extra):
    return {
        **date_data("checked_on", day),
        "status": "some",
        "evidence": "Provider's weekly report: 7 of 10 mornings",
        "next_step": "Talk to the pupil about mornings",
        **extra,
    }


def test_R11_1_the_ap_lead_records_progress_and_sees_it_per_objective(world):
    placement = placement_with_objectives(world)
    first, second = placement.objectives.order_by("pk")
    ap_lead = world.users[Role.AP_LEAD]
    client = signed_in_client(ap_lead)
    url = f"/objectives/{first.pk}/progress/add/"
    assert "Objective 1: attend every morning session" in client.get(url).content.decode()
    response = client.post(url, data(dt.date(2026, 10, 20), status="none"))
    assert response.status_code == 302
    assert response["Location"] == f"/placements/{placement.pk}/progress/"
    response = client.post(url, data(), follow=True)
    entries = list(ObjectiveProgress.objects.filter(objective=first))
    assert [(e.checked_on, e.status) for e in entries] == [
        (dt.date(2026, 11, 2), "some"),
        (dt.date(2026, 10, 20), "none"),
    ]
    assert entries[0].recorded_by == ap_lead and entries[0].history.count() == 1
    assert entries[0].evidence == "Provider's weekly report: 7 of 10 mornings"
    page = response.content.decode()
    assert "Progress against the objective has been recorded." in page
    assert "Some progress</strong> on 2 November 2026" in page  # the latest, per objective
    assert "Not yet recorded" in page  # the second objective
    detail = client.get(f"/placements/{placement.pk}/").content.decode()
    assert f'href="/placements/{placement.pk}/progress/"' in detail
    assert "Some progress" in detail
    assert detail.count(f'href="/placements/{placement.pk}/contacts/"') == 1
    assert not ObjectiveProgress.objects.filter(objective=second).exists()


def test_R11_1_a_bad_progress_entry_is_refused_with_what_was_typed_kept(world):
    placement = placement_with_objectives(world)
    objective = placement.objectives.first()
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/objectives/{objective.pk}/progress/add/"
    page = client.post(url, data(dt.date(2026, 11, 4))).content.decode()
    assert "The date of the progress check must be today or in the past" in page
    assert "7 of 10 mornings" in page
    page = client.post(url, data(dt.date(2026, 10, 1))).content.decode()
    assert "on or after the start of the placement, 5 October 2026" in page
    page = client.post(url, data(status="", evidence="")).content.decode()
    assert "Select the progress against the objective" in page
    assert "Enter the evidence of progress" in page
    page = client.post(url, data(status="excellent")).content.decode()
    assert "Select a valid choice" in page
    assert not ObjectiveProgress.objects.exists()


def test_R11_1_only_the_ap_lead_records_progress_and_only_while_the_pupil_attends(world):
    placement = placement_with_objectives(world)
    objective = placement.objectives.first()
    url = f"/objectives/{objective.pk}/progress/add/"
    for role in (Role.HEADTEACHER, Role.ASSESSMENT_LEAD, Role.SENDCO, Role.TRUST_EXECUTIVE):
        client = signed_in_client(world.users[role])
        assert client.post(url, data()).status_code == 404
        page = client.get(f"/placements/{placement.pk}/progress/").content.decode()
        assert "Record progress" not in page
    assert signed_in_client(world.outsider).get(url).status_code == 404
    placement.status = "ended"
    placement.save()
    assert signed_in_client(world.users[Role.AP_LEAD]).post(url, data()).status_code == 404
    assert not ObjectiveProgress.objects.exists()


def test_R11_1_a_stale_form_for_a_placement_that_has_ended_is_refused(world):
    from django.core.exceptions import ValidationError

    from altprov.progress.services import progress_record

    placement = placement_with_objectives(world)
    objective = placement.objectives.select_related("placement").first()
    type(placement).objects.filter(pk=placement.pk).update(status="ended")
    with pytest.raises(ValidationError, match="while the pupil attends"):
        progress_record(
            objective=objective,
            checked_on=dt.date(2026, 11, 2),
            status="some",
            evidence="x",
            next_step="",
            by=world.users[Role.AP_LEAD],
        )
    assert not ObjectiveProgress.objects.exists()


def test_R11_1_the_latest_status_of_every_objective_in_one_query(world):
    ap_lead = world.users[Role.AP_LEAD]

    def add_placements(n):
        for _ in range(n):
            placement = placement_with_objectives(world, make_pupil(world.school_a1), count=3)
            for objective in placement.objectives.all():
                for day, status in ((2, "none"), (20, "on_track")):
                    ObjectiveProgress.objects.create(
                        objective=objective,
                        checked_on=dt.date(2026, 10, day),
                        status=status,
                        evidence="x",
                        recorded_by=ap_lead,
                    )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(latest_progress(PlanObjective.objects.all()))
        assert {r.latest_status for r in rows} == {"on_track"}
        return len(ctx.captured_queries), len(rows)

    add_placements(1)
    one, rows_one = count()
    add_placements(9)
    many, rows_many = count()
    assert (rows_one, rows_many) == (3, 30)
    assert one == many == 1


def test_R11_1_the_progress_page_makes_the_same_queries_for_few_and_many_entries(world):
    placement = placement_with_objectives(world, count=1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/progress/"

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for n in range(4):
        objective = PlanObjective.objects.create(
            placement=placement, objective=f"More {n}", timeframe="t", measure="m"
        )
        for day in (1, 2, 3):
            ObjectiveProgress.objects.create(
                objective=objective,
                checked_on=dt.date(2026, 10, day + 5),
                status="some",
                evidence="x",
                recorded_by=world.users[Role.AP_LEAD],
            )
    assert queries() == few


def test_R11_1_a_placement_without_objectives_says_so(world):
    placement = attending(world, world.pupil_a1)
    page = signed_in_client(world.users[Role.ASSESSMENT_LEAD]).get(
        f"/placements/{placement.pk}/progress/"
    )
    assert "The plan has no objectives yet." in page.content.decode()
