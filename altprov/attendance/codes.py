"""The 2024 attendance and absence codes (School Attendance (Pupil Registration) (England)
Regulations 2024) as data, and the attendance percentage worked out from their meanings (R-10.6).

Pure Python: no database, so every page, import and duty counts the same way.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class Meaning(enum.StrEnum):
    ATTENDING = "attending"
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"
    NOT_COUNTED = "not_counted"
    NOT_POSSIBLE = "not_possible"  # D: at the other school where also registered


MEANING_LABELS = {
    Meaning.ATTENDING: "Attending",
    Meaning.AUTHORISED: "Authorised absence",
    Meaning.UNAUTHORISED: "Unauthorised absence",
    Meaning.NOT_COUNTED: "Not counted",
    Meaning.NOT_POSSIBLE: "Not a possible session here",
}


@dataclass(frozen=True)
class Code:
    code: str
    description: str
    meaning: Meaning

    @property
    def label(self) -> str:
        return f"{self.code}: {self.description}"

    @property
    def counts_as(self) -> str:
        return MEANING_LABELS[self.meaning]


A, AU, UN, NC, NP = (
    Meaning.ATTENDING,
    Meaning.AUTHORISED,
    Meaning.UNAUTHORISED,
    Meaning.NOT_COUNTED,
    Meaning.NOT_POSSIBLE,
)
_Y = {
    "Y1": "transport normally provided not available",
    "Y2": "widespread travel disruption",
    "Y3": "part of the school premises closed",
    "Y4": "whole school site unexpectedly closed",
    "Y5": "in criminal justice detention",
    "Y6": "public health guidance or law",
    "Y7": "any other unavoidable cause",
}
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("/", "present (morning)", A),
        Code("\\", "present (afternoon)", A),
        Code("L", "late, arrived before the register closed", A),
        Code("K", "at education arranged by the local authority", A),
        Code("V", "educational visit or trip", A),
        Code("P", "approved sporting activity", A),
        Code("W", "work experience", A),
        Code("B", "any other approved educational activity (school-arranged AP)", A),
        Code("D", "dual registered: at the other school", NP),
        Code("C1", "regulated performance or employment abroad", AU),
        Code("M", "medical or dental appointment", AU),
        Code("J1", "interview", AU),
        Code("S", "study leave", AU),
        Code("X", "not of compulsory school age", NC),
        Code("C2", "part-time timetable", AU),
        Code("C", "other exceptional circumstances", AU),
        Code("T", "parent travelling for work", AU),
        Code("R", "religious observance", AU),
        Code("I", "illness", AU),
        Code("E", "suspended or excluded, no alternative provision", AU),
        Code("Q", "local authority transport or access arrangements lacking", NC),
        *(Code(code, f"cannot attend: {text}", NC) for code, text in _Y.items()),
        Code("G", "holiday not granted by the school", UN),
        Code("N", "reason not yet established", UN),
        Code("O", "absent in other or unknown circumstances", UN),
        Code("U", "arrived after the register closed", UN),
        Code("Z", "prospective pupil not yet on roll", NC),
        Code("#", "planned whole-school closure", NC),
    ]
}

# Withdrawn on 19 August 2024: refused, with what to use instead.
WITHDRAWN: dict[str, str] = {
    "H": "H (holiday authorised) was withdrawn in 2024: use C for exceptional circumstances, "
    "or G for a holiday not granted",
    "J": "J (interview) was withdrawn in 2024: use J1",
    "Y": "Y (unable to attend, exceptional circumstances) was withdrawn in 2024: use Y1 to Y7 "
    "for the cause",
}


class CodeRefused(ValueError):
    """A code that is not in the 2024 set; the message names it and what to use instead."""


def parse_code(raw: str, session: str | None = None) -> Code:
    """The code for `raw` (upper-cased, spaces trimmed), or CodeRefused with a clear message.
    With a session ("AM" or "PM"), "/" is only for the morning and "\\" only for the afternoon."""
    text = (raw or "").strip().upper()
    if not text:
        raise CodeRefused("Enter an attendance code")
    if text in WITHDRAWN:
        raise CodeRefused(f"{WITHDRAWN[text]}.")
    code = CODES.get(text)
    if code is None:
        raise CodeRefused(
            f"“{raw.strip()}” is not an attendance code of the 2024 set: use a code such as "
            "/ or \\ (present), B (approved educational activity), I (illness) or N (reason "
            "not yet established)"
        )
    if session == "AM" and text == "\\":
        raise CodeRefused("\\ is the afternoon's present mark: use / for the morning")
    if session == "PM" and text == "/":
        raise CodeRefused("/ is the morning's present mark: use \\ for the afternoon")
    return code


def meaning_of(code: str) -> Meaning:
    return CODES[code].meaning


def is_unauthorised(code: str) -> bool:
    return CODES[code].meaning is Meaning.UNAUTHORISED


@dataclass(frozen=True)
class Tally:
    """How many sessions of each meaning, and the attendance worked out from them."""

    attending: int = 0
    authorised: int = 0
    unauthorised: int = 0
    not_counted: int = 0
    not_possible: int = 0

    @property
    def possible(self) -> int:
        """Possible sessions: attending and absences. Not counted codes and D are not."""
        return self.attending + self.authorised + self.unauthorised

    @property
    def percentage(self) -> Decimal | None:
        """Attending sessions as a percentage of possible sessions, to one decimal place; None
        when there is no possible session."""
        if not self.possible:
            return None
        exact = Decimal(100 * self.attending) / Decimal(self.possible)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def tally_counts(counts: Mapping[str, int]) -> Tally:
    """A Tally from the number of sessions of each code."""
    by_meaning = dict.fromkeys(Meaning, 0)
    for code, n in counts.items():
        by_meaning[CODES[code].meaning] += n
    return Tally(*(by_meaning[m] for m in Meaning))


def tally(codes: Iterable[str]) -> Tally:
    return tally_counts(Counter(codes))


def attendance_percentage(codes: Iterable[str]) -> Decimal | None:
    """R-10.6: attending / possible sessions, from the codes' meanings."""
    return tally(codes).percentage
