"""Rules a pupil's details must keep, shared by the forms and the MIS import (X-3)."""

import datetime as dt
import re

MIN_AGE, MAX_AGE = 2, 19
MAX_YEAR_GROUP = 14
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_YEAR = re.compile(r"(?:y|yr|year)?\s*(\d{1,2})")


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    """Whole years of age on `today`."""
    return (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )


def date_of_birth_problem(date_of_birth: dt.date, today: dt.date) -> str | None:
    """'in the future' or 'too young'/'too old' in words, or None for a date of birth a pupil may
    have: in the past, and an age from 2 to 19 today."""
    if date_of_birth >= today:
        return "future"
    age = age_on(date_of_birth, today)
    if not MIN_AGE <= age <= MAX_AGE:
        return "age"
    return None


def year_group_from(text: str) -> int | None:
    """The national curriculum year for 'R', 'Reception', '7', 'Y7' or 'Year 7'; None when the
    text is none of those or the year is not 0 to 14."""
    value = text.strip().lower()
    if value in ("r", "rec", "reception"):
        return 0
    match = _YEAR.fullmatch(value)
    if not match:
        return None
    year = int(match.group(1))
    return year if 0 <= year <= MAX_YEAR_GROUP else None


def clean_phone(value: str) -> str | None:
    """The phone number tidied (spaces collapsed), or None when it is not a phone number: digits,
    spaces, brackets, hyphens and a leading +, with 10 to 15 digits."""
    value = " ".join(value.split())
    if not _PHONE.fullmatch(value):
        return None
    digits = sum(c.isdigit() for c in value)
    return value if 10 <= digits <= 15 else None


def tidy(value: str) -> str:
    """Leading, trailing and repeated spaces removed."""
    return " ".join(value.split())
