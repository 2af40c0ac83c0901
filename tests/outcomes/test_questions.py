"""R-6.5: the pupil's view of the placement over time: the trust's questions, answered on a
scale of 1 to 5 at the start, at each review and at the end; past answers keep their wording."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from altprov.authz.permissions import Role
from altprov.monitoring.models import FormalReview
from altprov.outcomes import services
from altprov.outcomes.models import ViewQuestion, ViewsAnswer, ViewsResponse
from altprov.outcomes.rules import DEFAULT_QUESTIONS, mean_score
from altprov.reviews.models import AgreementReview
from tests.conftest import signed_in_client
from tests.factories import make_trust

from .helpers import TODAY, attending, day, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def answers(questions, *scores) -> dict:
    return {f"q{q.pk}": str(s) for q, s in zip(questions, scores, strict=True)}


def test_R6_5_a_new_trust_starts_with_the_default_questions():
    trust = make_trust("New Trust")
    assert [q.wording for q in services.questions_for(trust)] == list(DEFAULT_QUESTIONS)


@pytest.mark.parametrize("role", [Role.TRUST_ADMINISTRATOR, Role.TRUST_EXECUTIVE])
def test_R6_5_the_trust_sets_its_questions(world, role):
    client = signed_in_client(world.users[role])
    page = client.get("/trust/pupil-view-questions/").content.decode()
    assert "I feel safe" in page
    response = client.post(
        "/trust/pupil-view-questions/add/",
        {"wording": "I know who to talk to", "position": "5", "active": "yes"},
    )
    assert response.status_code == 302
    added = ViewQuestion.objects.get(wording="I know who to talk to")
    assert added.trust == world.trust_a and added.position == 5
    first = services.questions_for(world.trust_a)[0]
    client.post(
        f"/trust/pupil-view-questions/{first.pk}/",
        {"wording": "I feel safe here", "position": "1", "active": "no"},
    )
    first.refresh_from_db()
    assert (first.wording, first.active) == ("I feel safe here", False)
    assert first.history.count() == 2
    page = client.post("/trust/pupil-view-questions/add/", {"position": "100"}).content.decode()
    assert "Enter the question" in page and "The order must be 99 or less" in page


def test_R6_5_another_trusts_question_is_not_found(world):
    theirs = services.questions_for(world.trust_b)[0]
    client = signed_in_client(world.users[Role.TRUST_ADMINISTRATOR])
    url = f"/trust/pupil-view-questions/{theirs.pk}/"
    assert client.get(url).status_code == 404
    data = {"wording": "Changed", "position": "1", "active": "yes"}
    assert client.post(url, data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.wording == "I feel safe"
    # School staff do not set the questions.
    for role in (Role.HEADTEACHER, Role.AP_LEAD, Role.TRUSTEE):
        assert (
            signed_in_client(world.users[role]).get("/trust/pupil-view-questions/").status_code
            == 404
        )


def test_R6_5_the_pupil_answers_at_the_start_and_a_changed_question_keeps_past_answers(world):
    placement = attending(world, world.pupil_a1)
    questions = services.questions_for(world.trust_a)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/questionnaire/add/"
    data = {"moment": "start", **day("answered_on", dt.date(2026, 10, 5))}
    assert client.post(url, {**data, **answers(questions, 2, 3, 1, 2)}).status_code == 302
    response = ViewsResponse.objects.get()
    assert [a.score for a in response.answers.all()] == [2, 3, 1, 2]
    services.question_save(
        trust=world.trust_a,
        by=world.users[Role.TRUST_ADMINISTRATOR],
        question=questions[0],
        wording="I feel safe at the provider",
        position=1,
        active=True,
    )
    assert response.answers.first().wording == "I feel safe"
    page = client.get(f"/placements/{placement.pk}/impact/").content.decode()
    assert '<th scope="row" class="govuk-table__header">I feel safe</th>' in page
    assert "I feel safe at the provider" not in page


def test_R6_5_every_question_needs_an_answer_on_the_scale(world):
    placement = attending(world, world.pupil_a1)
    questions = services.questions_for(world.trust_a)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/questionnaire/add/"
    data = {"moment": "start", **day("answered_on", TODAY)}
    page = client.post(url, {**data, **answers(questions[:3], 2, 3, 1)}).content.decode()
    assert "Select an answer to “I feel confident about returning to school”" in page
    page = client.post(url, {**data, **answers(questions, 2, 3, 1, 6)}).content.decode()
    assert "Select a valid choice" in page
    with pytest.raises(ValidationError):
        services.views_record(
            placement=placement,
            by=world.users[Role.AP_LEAD],
            moment="start",
            answered_on=TODAY,
            scores={q.pk: 0 for q in questions},
        )
    assert not ViewsResponse.objects.exists()


def test_R6_5_an_answer_at_a_review_names_the_review(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    review = AgreementReview.objects.create(
        placement=placement,
        held_on=dt.date(2026, 11, 2),
        attended="AP Lead",
        outcome="continue",
        notes="Fine",
        recorded_by=ap,
    )
    formal = FormalReview.objects.create(
        placement=placement,
        held_on=dt.date(2026, 11, 9),
        attended=["ap_lead"],
        progress="Slow",
        improved=False,
        actions="More",
        recorded_by=ap,
    )
    questions = services.questions_for(world.trust_a)
    client = signed_in_client(ap)
    url = f"/placements/{placement.pk}/questionnaire/add/"
    page = client.get(url).content.decode()
    assert (
        "Agreement review of 2 November 2026" in page and "Formal review of 9 November 2026" in page
    )
    data = {"moment": "review", **day("answered_on", TODAY), **answers(questions, 3, 3, 3, 3)}
    assert client.post(url, {**data, "review": f"f{formal.pk}"}).status_code == 302
    assert ViewsResponse.objects.get().formal_review == formal
    page = client.post(url, {**data, "moment": "start", "review": f"a{review.pk}"}).content.decode()
    assert "Only an answer at a review names the review" in page
    assert ViewsResponse.objects.count() == 1


def test_R6_5_the_impact_page_shows_start_latest_review_and_end(world):
    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    questions = services.questions_for(world.trust_a)
    ids = [q.pk for q in questions]
    for moment, on, scores in [
        ("start", dt.date(2026, 10, 5), (1, 2, 1, 2)),
        ("review", dt.date(2026, 11, 2), (2, 2, 2, 2)),
        ("review", dt.date(2026, 11, 9), (3, 3, 3, 4)),
        ("end", TODAY, (4, 5, 4, 5)),
    ]:
        services.views_record(
            placement=placement,
            by=ap,
            moment=moment,
            answered_on=on,
            scores=dict(zip(ids, scores, strict=True)),
        )
    page = signed_in_client(world.users[Role.HEADTEACHER]).get(
        f"/placements/{placement.pk}/impact/"
    )
    html = page.content.decode()
    means = html.split('id="mean-scores"')[1].split("</tr>")[0]
    assert [m.split("<")[0] for m in means.split('numeric">')[1:]] == ["1.5", "3.3", "4.5"]
    assert "Pupil&#x27;s view at: start: 1.5 out of 5" in html
    assert mean_score([3, 3, 3, 4]) == mean_score([4, 3, 3, 3])


def test_R6_5_answers_are_given_while_attending_or_at_the_end(world):
    from altprov.outcomes.services import end_placement

    placement = attending(world, world.pupil_a1)
    ap = world.users[Role.AP_LEAD]
    end_placement(placement=placement, reason="left_school", on=TODAY, by=ap)
    scores = {q.pk: 3 for q in services.questions_for(world.trust_a)}
    with pytest.raises(ValidationError, match="while attending"):
        services.views_record(
            placement=placement, by=ap, moment="start", answered_on=TODAY, scores=scores
        )
    services.views_record(
        placement=placement, by=ap, moment="end", answered_on=TODAY, scores=scores
    )
    assert ViewsAnswer.objects.count() == 4


def test_R6_5_with_no_question_asked_the_questionnaire_is_not_offered(world):
    placement = attending(world, world.pupil_a1)
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/placements/{placement.pk}/questionnaire/add/"
    assert url in client.get(f"/placements/{placement.pk}/").content.decode()
    ViewQuestion.objects.filter(trust=world.trust_a).update(active=False)
    assert url not in client.get(f"/placements/{placement.pk}/").content.decode()
    assert client.get(url).status_code == 404
