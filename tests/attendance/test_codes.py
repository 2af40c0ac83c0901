"""R-10.6: the 2024 code set as data, each code's meaning, and the percentage from the meanings."""

from decimal import Decimal

import pytest

from altprov.attendance.codes import (
    CODES,
    CodeRefused,
    Meaning,
    attendance_percentage,
    parse_code,
    tally,
    tally_counts,
)

EXPECTED = {
    Meaning.ATTENDING: {"/", "\\", "L", "K", "V", "P", "W", "B"},
    Meaning.NOT_POSSIBLE: {"D"},
    Meaning.AUTHORISED: {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E"},
    Meaning.NOT_COUNTED: {"X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"},
    Meaning.UNAUTHORISED: {"G", "N", "O", "U"},
}


def test_R10_6_the_percentage_for_a_week_mixing_B_D_I_N_C2_and_Y1():
    # B attends; I and C2 are authorised absences; N is unauthorised: 4 possible sessions.
    # D (at the other school) and Y1 (not counted) are not possible sessions.
    week = ["B", "B", "D", "D", "I", "N", "C2", "Y1", "B", "B"]
    counted = tally(week)
    assert (counted.attending, counted.authorised, counted.unauthorised) == (4, 2, 1)
    assert (counted.not_counted, counted.not_possible, counted.possible) == (1, 2, 7)
    assert attendance_percentage(week) == Decimal("57.1")  # 4 / 7
    assert attendance_percentage(["B", "D", "I", "N", "C2", "Y1"]) == Decimal("25.0")


def test_R10_6_counts_of_each_code_add_up_by_meaning():
    counted = tally_counts({"/": 3, "\\": 2, "N": 1, "O": 2, "D": 4})
    assert (counted.attending, counted.unauthorised, counted.not_possible) == (5, 3, 4)
    assert (counted.authorised, counted.not_counted, counted.possible) == (0, 0, 8)
    assert counted.percentage == Decimal("62.5")
    assert tally_counts({}) == tally([])


def test_R10_6_no_possible_session_has_no_percentage():
    assert attendance_percentage(["D", "Y1", "X", "#"]) is None
    assert attendance_percentage([]) is None


@pytest.mark.parametrize("meaning,codes", list(EXPECTED.items()), ids=[m.value for m in EXPECTED])
def test_R10_6_each_code_counts_as_the_regulations_say(meaning, codes):
    assert {c for c, code in CODES.items() if code.meaning is meaning} == codes
    for code in codes:
        assert parse_code(code.lower() if code.isalpha() else code).meaning is meaning


def test_R10_6_the_code_set_is_the_2024_set_exactly():
    assert set(CODES) == set().union(*EXPECTED.values())


@pytest.mark.parametrize(
    "withdrawn,instead", [("H", "use C"), ("J", "use J1"), ("y", "use Y1 to Y7")]
)
def test_R10_6_withdrawn_codes_are_refused_naming_the_code_and_what_to_use(withdrawn, instead):
    with pytest.raises(CodeRefused) as refused:
        parse_code(withdrawn)
    assert f"{withdrawn.upper()} (" in str(refused.value)
    assert "withdrawn in 2024" in str(refused.value) and instead in str(refused.value)


@pytest.mark.parametrize("unknown", ["A", "Y8", "BB", "7"])
def test_R10_6_unknown_codes_are_refused_naming_the_code(unknown):
    with pytest.raises(CodeRefused) as refused:
        parse_code(unknown)
    assert f"“{unknown}” is not an attendance code of the 2024 set" in str(refused.value)


def test_R10_6_present_marks_belong_to_their_session():
    assert parse_code("/", "AM").code == "/"
    assert parse_code("\\", "PM").code == "\\"
    with pytest.raises(CodeRefused, match="use / for the morning"):
        parse_code("\\", "AM")
    with pytest.raises(CodeRefused, match="Enter an attendance code"):
        parse_code("  ")
