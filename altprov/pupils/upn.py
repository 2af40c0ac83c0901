"""Unique pupil numbers (UPN): 13 characters, a check letter then 12 digits (or 11 digits and a
final letter for a temporary UPN). The check letter is DfE's: weights 2 to 13 on characters 2 to
13, the sum modulo 23 indexes the letters A-Z without I, O and S."""

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_SERIAL_LETTER_VALUES = {letter: i for i, letter in enumerate(CHECK_LETTERS)}
UPN_PATTERN = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")


def check_letter(rest: str) -> str:
    """The check letter for the 12 characters after it."""
    if len(rest) != 12:
        raise ValueError("A UPN has 12 characters after its check letter")
    total = 0
    for weight, char in zip(range(2, 14), rest, strict=True):
        value = int(char) if char.isdigit() else _SERIAL_LETTER_VALUES[char]
        total += value * weight
    return CHECK_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """None for a valid UPN, or what is wrong with it, in words."""
    value = upn.strip().upper()
    if len(value) != 13:
        return "A UPN must be 13 characters"
    if not UPN_PATTERN.match(value):
        return "A UPN must be a letter, 11 digits, then a digit or letter"
    if check_letter(value[1:]) != value[0]:
        return "The UPN's check letter does not match: check it has been copied correctly"
    return None


def make_upn(la_code: int, establishment: int, year: int, serial: int) -> str:
    rest = f"{la_code:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return check_letter(rest) + rest
