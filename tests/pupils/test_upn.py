"""R-6.1: unique pupil numbers (UPN) and their check letter.

The check letter: weights 2 to 13 on characters 2 to 13, the sum modulo 23 indexes
ABCDEFGHJKLMNPQRTUVWXYZ (no I, O or S); a temporary UPN's final letter counts as its position in
that list (A=0 ... Z=22).
"""

import pytest

from altprov.pupils.upn import CHECK_LETTERS, check_letter, make_upn, upn_problem

CHECK_LETTER_WRONG = "The UPN's check letter does not match: check it has been copied correctly"
BAD_FORMAT = "A UPN must be a letter, 11 digits, then a digit or letter"
WRONG_LENGTH = "A UPN must be 13 characters"


def test_R6_1_python_stdnums_example_upn_B801200005001_is_valid():
    assert upn_problem("B801200005001") is None
    assert check_letter("801200005001") == "B"


def test_R6_1_the_same_upn_with_check_letter_A_is_refused_for_its_check_letter():
    assert upn_problem("A801200005001") == CHECK_LETTER_WRONG


def test_R6_1_two_swapped_digits_are_caught_by_the_check_letter():
    assert upn_problem("B810200005001") == CHECK_LETTER_WRONG


def test_R6_1_a_upn_typed_in_lower_case_with_spaces_around_it_is_valid():
    assert upn_problem("  b801200005001 ") is None


@pytest.mark.parametrize("upn", ["B80120000500", "B8012000050011", "", "B 801200005001"])
def test_R6_1_a_upn_that_is_not_13_characters_is_refused_for_its_length(upn):
    assert upn_problem(upn) == WRONG_LENGTH


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_R6_1_the_letters_i_o_and_s_are_refused_as_a_check_letter(letter):
    assert upn_problem(f"{letter}801200005001") == BAD_FORMAT


def test_R6_1_the_check_letter_is_never_i_o_or_s_and_takes_all_23_other_letters():
    letters = {make_upn(801, 2000, 2005, serial)[0] for serial in range(1000)}
    assert letters == set(CHECK_LETTERS)
    assert len(letters) == 23
    assert not letters & {"I", "O", "S"}


def test_R6_1_a_upn_starting_with_a_digit_is_refused():
    assert upn_problem("1801200005001") == BAD_FORMAT


def test_R6_1_a_letter_in_the_middle_of_a_upn_is_refused():
    assert upn_problem("X80120000A001") == BAD_FORMAT


def test_R6_1_a_temporary_upn_ending_in_a_letter_is_valid_when_its_check_letter_is_right():
    # 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 0*12 = 80;
    # T is 16 in ABCDEFGHJKLMNPQRTUVWXYZ, 16*13 = 208; 288 mod 23 = 12 = N.
    assert check_letter("80120000500T") == "N"
    assert upn_problem("N80120000500T") is None
    # A is 0: 80 mod 23 = 11 = M.
    assert upn_problem("M80120000500A") is None
    # Z is 22: 80 + 286 = 366, mod 23 = 21 = Y.
    assert upn_problem("Y80120000500Z") is None


def test_R6_1_a_temporary_upn_with_the_wrong_check_letter_is_refused():
    assert upn_problem("M80120000500T") == CHECK_LETTER_WRONG


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_R6_1_a_temporary_upn_may_not_end_in_i_o_or_s(letter):
    assert upn_problem(f"N80120000500{letter}") == BAD_FORMAT


def test_R6_1_a_upn_with_non_ascii_digits_is_refused():
    # U+0660 ARABIC-INDIC DIGIT ZERO is a Unicode digit, but not a UPN character.
    assert upn_problem("B8012\u06600005001") == BAD_FORMAT
    # FULLWIDTH DIGIT ZERO likewise.
    assert upn_problem("B8012\uff100005001") == BAD_FORMAT


def test_R6_1_make_upn_builds_la_establishment_year_and_serial_with_the_check_letter():
    assert make_upn(801, 2000, 2005, 1) == "B801200005001"
    # Zero-padded: 999 0012 24 007; 9*2 + 9*3 + 9*4 + 1*7 + 2*8 + 2*9 + 4*10 + 7*13 = 253 = 11*23.
    assert make_upn(999, 12, 2024, 7) == "A999001224007"


def test_R6_1_every_upn_make_upn_builds_is_valid():
    for serial in range(0, 1000, 37):
        upn = make_upn(999, 1234, 2026, serial)
        assert upn_problem(upn) is None, upn


def test_R6_1_check_letter_needs_exactly_12_characters():
    with pytest.raises(ValueError):
        check_letter("80120000500")
    with pytest.raises(ValueError):
        check_letter("8012000050011")
