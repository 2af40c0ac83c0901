"""A demo school's term dates and pupils."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from altprov.organisations.models import School
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.upn import make_upn
from altprov.termdates.models import AcademicYear, ClosureDay, Term

from .data import (
    EXTRA_INSET,
    FIRST_NAMES,
    INSET_DAYS,
    LAST_NAMES,
    STAFF_FIRST,
    TERMS,
    D,
    staff_name,
)


def calendar(rng, school: School, index: int) -> None:
    for year_start, terms in TERMS.items():
        year = AcademicYear.objects.create(
            school=school, start=D(year_start, 9, 1), end=D(year_start + 1, 8, 31)
        )
        for name, start, break_start, break_end, end in terms:
            Term.objects.create(
                academic_year=year,
                name=name,
                start=start,
                half_term_break_start=break_start,
                half_term_break_end=break_end,
                end=end,
            )
        for day in INSET_DAYS[year_start]:
            ClosureDay.objects.create(school=school, date=day, kind=ClosureDay.Kind.INSET)
    extra = EXTRA_INSET[index % len(EXTRA_INSET)]
    ClosureDay.objects.create(school=school, date=extra, kind=ClosureDay.Kind.INSET)
    if index % 5 == 0:
        ClosureDay.objects.create(
            school=school,
            date=D(2027, 5, 6),
            kind=ClosureDay.Kind.CLOSURE,
            description="Polling station",
        )


def add_pupils(rng, school: School, establishment: int, count: int, *, by) -> None:
    """`count` pupils with a parent or carer each, added by `by` (the school's AP Lead, as if
    from the MIS import), with their history: the history of changes of a seeded pupil starts
    with their adding, as a real one's does (X-1). In bulk, with the history rows in bulk too."""
    if school.phase == School.Phase.PRIMARY:
        years = list(range(0, 7))
    elif school.phase == School.Phase.SECONDARY:
        years = list(range(7, 12))
    else:
        years = list(range(3, 12))
    pupils = []
    for serial in range(count):
        year_group = years[serial % len(years)]
        # Pupils in year N were born between 1 Sep and 31 Aug, N+5 years before this September.
        born_from = D(2026 - year_group - 5, 9, 1)
        birthday = born_from + dt.timedelta(days=rng.randint(0, 364))
        send = rng.choices(
            [Pupil.SendStatus.NONE, Pupil.SendStatus.SEN_SUPPORT, Pupil.SendStatus.EHCP],
            weights=[82, 14, 4] if school.phase != School.Phase.SPECIAL else [0, 10, 90],
        )[0]
        pupils.append(
            Pupil(
                school=school,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=birthday,
                upn=make_upn(999, establishment % 10000, 2000 + year_group, serial),
                year_group=year_group,
                send_status=send,
                looked_after=rng.random() < 0.02,
            )
        )
    for pupil in pupils:
        if pupil.send_status == Pupil.SendStatus.EHCP:
            pupil.ehcp_local_authority = "Fernleigh Borough Council"
            pupil.la_caseworker_name = staff_name(rng)
            pupil.la_caseworker_email = "send.casework@fernleigh-borough.example.org"
        if pupil.looked_after:
            pupil.social_worker_name = staff_name(rng)
            pupil.social_worker_phone = f"01632 96{rng.randint(1000, 9999)}"
            pupil.virtual_school_head_name = "Dana Whitlock"
            pupil.virtual_school_head_email = "virtual.school@fernleigh-borough.example.org"
        if pupil.send_status != Pupil.SendStatus.NONE and rng.random() < 0.35:
            pupil.semh_needs = rng.choice(
                [
                    "Anxiety about crowded spaces",
                    "Low mood; CAMHS waiting list",
                    "Difficulty regulating anger",
                ]
            )
    created = bulk_create_with_history(pupils, Pupil, default_user=by)
    bulk_create_with_history(
        [
            Carer(
                pupil=pupil,
                name=f"{rng.choice(STAFF_FIRST)} {pupil.last_name}",
                relationship="Foster carer"
                if pupil.looked_after
                else rng.choice(["Mother", "Father", "Grandmother"]),
                phone=f"07700 9{rng.randint(10000, 99999)}",
                parental_responsibility=not pupil.looked_after,
                priority=1,
            )
            for pupil in created
        ],
        Carer,
        default_user=by,
    )
