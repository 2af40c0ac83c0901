"""The rules of endings, means and due dates, without the database (R-13.1 to R-13.3, R-6.5)."""

import datetime as dt
from decimal import Decimal

import pytest

from altprov.outcomes.rules import (
    ENDING_NEEDS,
    OTHER_ENDINGS,
    ending_problems,
    mean_of,
    mean_score,
)

ON = dt.date(2026, 11, 16)


def test_R13_3_safeguarding_lack_of_progress_and_reintegration_are_not_other_endings():
    assert {r.value for r in OTHER_ENDINGS} == {
        "moved",
        "permanent_exclusion",
        "left_school",
        "completed",
        "other",
    }
    assert set(ENDING_NEEDS) == set(OTHER_ENDINGS)


@pytest.mark.parametrize(
    ("reason", "detail", "decided_on", "problems"),
    [
        ("moved", "", None, {"detail"}),
        ("moved", "  ", None, {"detail"}),
        ("moved", "Moorside PRU", None, set()),
        ("other", "", None, {"detail"}),
        ("other", "Family moved abroad", None, set()),
        ("permanent_exclusion", "", None, {"decided_on"}),
        ("permanent_exclusion", "", ON, set()),  # the same day: allowed
        ("permanent_exclusion", "", ON + dt.timedelta(days=1), {"decided_on"}),
        ("left_school", "", None, set()),
        ("completed", "", None, set()),
        ("safeguarding", "", None, {"reason"}),
        ("reintegrated", "", None, {"reason"}),
    ],
)
def test_R13_3_each_ending_needs_its_detail(reason, detail, decided_on, problems):
    assert set(ending_problems(reason, detail, decided_on, ON)) == problems


def test_R6_5_means_are_to_one_decimal_place_and_skip_missing_figures():
    assert mean_score([4, 5, 4, 4]) == Decimal("4.3")
    assert mean_score([1, 2]) == Decimal("1.5")
    assert mean_score([]) is None
    assert mean_of([Decimal("60.0"), None, Decimal("71.0")]) == Decimal("65.5")
    assert mean_of([None, None]) is None
    assert mean_of([Decimal("66.65"), Decimal("66.66")]) == Decimal("66.7")
