"""Many attending placements at once (bulk_create), for the duty engine's query-count test and
its benchmark (bench/duty_engine.py). Every school gets the same number of pupils, each with an
approved referral and an attending placement starting on one of the school's term days; one in
three has had a review; one in four has an EHCP."""

import datetime as dt

from django.utils import timezone

from altprov.placements.models import Placement
from altprov.pupils.models import Pupil
from altprov.pupils.upn import make_upn
from altprov.referrals.models import Referral
from altprov.reviews.models import AgreementReview

FIRST_START = dt.date(2026, 9, 7)


def attending_placements(schools, per_school: int, provider, by) -> list[int]:
    """Creates `per_school` attending placements in each school at `provider` (or, given a list,
    at each provider in turn); returns the school ids. A handful of statements per school
    whatever the number."""
    providers = provider if isinstance(provider, list | tuple) else [provider]
    now = timezone.now()
    for school in schools:
        base = Pupil.objects.filter(school=school).count()
        pupils = Pupil.objects.bulk_create(
            Pupil(
                school=school,
                first_name=f"Bulk{i}",
                last_name="Pupil",
                date_of_birth=dt.date(2012, 1, 1),
                upn=make_upn(999, school.pk % 10000, 2000 + (base + i) // 1000, (base + i) % 1000),
                year_group=9,
                # one in four has an EHCP, whose annual review is a duty
                send_status="ehcp" if i % 4 == 0 else "none",
            )
            for i in range(per_school)
        )
        if pupils[0].pk is None:  # databases that do not return ids from bulk inserts
            pupils = list(Pupil.objects.filter(school=school).order_by("pk"))[-per_school:]
        referrals = Referral.objects.bulk_create(
            Referral(
                pupil=pupil,
                school=school,
                reasons=["wider_curriculum"],
                route="school_directed",
                created_by=by,
                submitted_at=now,
                decision="approved",
                rationale="Bulk",
                decided_at=now,
            )
            for pupil in pupils
        )
        if referrals[0].pk is None:
            referrals = list(Referral.objects.filter(school=school).order_by("pk"))[-per_school:]
        placements = Placement.objects.bulk_create(
            Placement(
                referral=referral,
                provider=providers[i % len(providers)],
                start_date=FIRST_START + dt.timedelta(days=i % 60),
                planned_end_date=FIRST_START + dt.timedelta(days=200 + i % 90),
                status=Placement.Status.ACTIVE,
                started_on=FIRST_START + dt.timedelta(days=i % 60),
                created_by=by,
            )
            for i, referral in enumerate(referrals)
        )
        if placements[0].pk is None:
            placements = list(Placement.objects.filter(referral__school=school).order_by("pk"))[
                -per_school:
            ]
        AgreementReview.objects.bulk_create(
            AgreementReview(
                placement=placement,
                held_on=placement.start_date + dt.timedelta(days=30),
                attended="AP Lead, parent",
                outcome="continue",
                notes="Going well",
                recorded_by=by,
            )
            for placement in placements[1::3]
        )
    return [s.pk for s in schools]
