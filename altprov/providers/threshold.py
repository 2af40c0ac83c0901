"""Must this unregistered provider register as an independent school? (R-5.9)

Education Act 1996 s.463, and from its commencement the Children's Wellbeing and Schools Act 2026
s.43: a setting that educates full-time 5 or more pupils of compulsory school age, or one such
pupil who is looked after or has an EHC plan (the 2026 Act: or has special educational needs), is
a school. The test is data (`RegistrationThresholdRule`, with in-force dates, per trust); this
module applies it.

Pupils are counted from two sources: what the provider itself reported in its latest audit (every
commissioner's pupils, already counted as full-time by the provider) and the pupils this trust
places there. This module is the rule alone and reads no records: the audit's answers come from
`altprov.provider_audits.selectors` and the placed pupils from `altprov.placements.rules`, which
applies the rule to one provider (`threshold_for`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from altprov.organisations.models import RegistrationThresholdRule


@dataclass(frozen=True)
class PlacedPupil:
    """One pupil attending the provider, as the rule needs to see them."""

    hours_per_week: Decimal
    sole_provision: bool
    compulsory_school_age: bool
    looked_after: bool = False
    ehcp: bool = False
    sen_support: bool = False


@dataclass(frozen=True)
class ReportedCounts:
    """The provider's own answers (Appendix 1, unregistered providers only)."""

    full_time: int = 0
    looked_after: int = 0
    ehcp: int = 0
    sen_support: int = 0


@dataclass(frozen=True)
class ThresholdResult:
    rule: RegistrationThresholdRule | None
    full_time_pupils: int = 0
    trigger_pupils: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def must_register(self) -> bool:
        return bool(self.reasons)


def is_full_time(pupil: PlacedPupil, rule: RegistrationThresholdRule) -> bool:
    if pupil.hours_per_week >= rule.full_time_hours:
        return True
    return rule.sole_provision_is_full_time and pupil.sole_provision


def is_trigger(pupil: PlacedPupil, rule: RegistrationThresholdRule) -> bool:
    """Whether one such pupil on their own makes the provider a school under this rule."""
    if pupil.looked_after or pupil.ehcp:
        return True
    return (
        rule.one_child_trigger == RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER
        and pupil.sen_support
    )


def reported_triggers(reported: ReportedCounts, rule: RegistrationThresholdRule) -> int:
    count = reported.looked_after + reported.ehcp
    if rule.one_child_trigger == RegistrationThresholdRule.OneChildTrigger.SEN_OR_LOOKED_AFTER:
        count += reported.sen_support
    return count


def assess(
    rule: RegistrationThresholdRule | None,
    *,
    placed: list[PlacedPupil] = (),
    reported: ReportedCounts | None = None,
) -> ThresholdResult:
    if rule is None:
        return ThresholdResult(rule=None)
    reported = reported or ReportedCounts()
    counted = [p for p in placed if p.compulsory_school_age and is_full_time(p, rule)]
    full_time = reported.full_time + len(counted)
    triggers = reported_triggers(reported, rule) + sum(1 for p in counted if is_trigger(p, rule))
    reasons = []
    if full_time >= rule.headcount:
        reasons.append(
            f"It educates {full_time} full-time pupils of compulsory school age "
            f"({rule.headcount} or more makes it a school)"
        )
    if triggers:
        who = rule.get_one_child_trigger_display()
        reasons.append(
            f"{triggers} of its full-time pupils {who[0].lower()}{who[1:]} (one is enough)"
        )
    return ThresholdResult(
        rule=rule, full_time_pupils=full_time, trigger_pupils=triggers, reasons=reasons
    )


def reported_counts_from(audit) -> ReportedCounts:
    """The counts an audit reported (see `provider_audits.selectors.latest_reporting_audit`)."""
    if audit is None:
        return ReportedCounts()
    return ReportedCounts(
        full_time=audit.reported_full_time_pupils or 0,
        looked_after=audit.reported_full_time_looked_after or 0,
        ehcp=audit.reported_full_time_ehcp or 0,
        sen_support=audit.reported_full_time_sen_support or 0,
    )


def assess_annotated(provider, rule, placed: list[PlacedPupil] = ()) -> ThresholdResult:
    """`assess` for a provider annotated by `provider_audits.selectors.with_reported_counts`,
    with this trust's pupils placed there (from `placements.rules.pupils_placed_at_each`)."""
    if not provider.is_unregistered:
        return ThresholdResult(rule=None)
    reported = ReportedCounts(
        full_time=provider.reported_full_time or 0,
        looked_after=provider.reported_looked_after or 0,
        ehcp=provider.reported_ehcp or 0,
        sen_support=provider.reported_sen_support or 0,
    )
    return assess(rule, placed=list(placed), reported=reported)


# Compulsory school age ----------------------------------------------------------------------------

# Education Act 1996 s.8 and the Education (Start of Compulsory School Age) Order 1998: a child
# becomes of compulsory school age on the first prescribed day (31 March, 31 August, 31 December)
# on or after their fifth birthday, that is from the term after it; the Education (School Leaving
# Date) Order 1997: they stop being of it at the end of the last Friday of June of the school year
# (September to August) in which they turn 16.
PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))


def birthday(date_of_birth: dt.date, age: int) -> dt.date:
    """The day a person born on `date_of_birth` reaches `age` (29 February: 1 March in other
    years)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return dt.date(date_of_birth.year + age, 3, 1)


def compulsory_school_age_starts(date_of_birth: dt.date) -> dt.date:
    """The first prescribed day on or after the fifth birthday (31 December at the latest)."""
    fifth = birthday(date_of_birth, 5)
    return min(
        dt.date(fifth.year, month, day)
        for month, day in PRESCRIBED_DAYS
        if dt.date(fifth.year, month, day) >= fifth
    )


def last_friday_of_june(year: int) -> dt.date:
    day = dt.date(year, 6, 30)
    return day - dt.timedelta(days=(day.weekday() - 4) % 7)


def compulsory_school_age_ends(date_of_birth: dt.date) -> dt.date:
    """The school leaving date: the last day of compulsory school age."""
    sixteenth = birthday(date_of_birth, 16)
    school_year_ends = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    return last_friday_of_june(school_year_ends)


def compulsory_school_age(date_of_birth: dt.date, on: dt.date) -> bool:
    """Whether a pupil born on `date_of_birth` is of compulsory school age on `on` (R-5.9)."""
    return (
        compulsory_school_age_starts(date_of_birth)
        <= on
        <= compulsory_school_age_ends(date_of_birth)
    )
