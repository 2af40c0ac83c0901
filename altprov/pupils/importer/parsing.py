"""Reading a pupil CSV file (R-6.1, X-3): `parse_pupil_csv` is pure. It reads the bytes of the
file and returns every row it accepts and every row it refuses, with the line number and each
reason, or the reason the whole file is refused. The columns are documented in
docs/pupil-import.md and on the import page (from COLUMNS)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from altprov.pupils.models import Pupil
from altprov.pupils.upn import upn_problem
from altprov.pupils.validation import MAX_AGE, MIN_AGE, age_on, clean_phone, tidy, year_group_from

MAX_ROWS = 5000
BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    what: str


COLUMNS = [
    Column("UPN", True, "The unique pupil number: 13 characters, like H801200001001"),
    Column("Legal surname", True, "The pupil's legal last name"),
    Column("Legal forename", True, "The pupil's legal first name"),
    Column("Date of birth", True, "DD/MM/YYYY, as SIMS and Arbor export it, or YYYY-MM-DD"),
    Column("NC year", True, "The national curriculum year: R for Reception, or 0 to 14"),
    Column(
        "SEN status",
        False,
        "The school census code: N (no special educational needs), K (SEN support) or "
        "E (education, health and care plan)",
    ),
    Column("Looked after", False, "Y or N"),
    Column("Contact 1 name", False, "The first parent or carer to contact: their full name"),
    Column("Contact 1 relationship", False, "For example, Mother or Foster carer"),
    Column("Contact 1 phone", False, "Their phone number"),
    Column("Contact 1 email", False, "Their email address"),
    Column("Contact 1 parental responsibility", False, "Y or N"),
]
REQUIRED = [c.name for c in COLUMNS if c.required]
CONTACT_COLUMNS = [c.name for c in COLUMNS if c.name.startswith("Contact 1")]
SEN_CODES = {
    "N": Pupil.SendStatus.NONE,
    "K": Pupil.SendStatus.SEN_SUPPORT,
    "E": Pupil.SendStatus.EHCP,
}
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}

_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")


def _key(header: str) -> str:
    return " ".join(header.replace(BOM, "").split()).casefold()


# Rows -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    name: str
    relationship: str
    phone: str
    email: str
    parental_responsibility: bool | None  # None: not given


@dataclass(frozen=True)
class PupilRow:
    line: int
    upn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    year_group: int
    send_status: str | None  # None: not given
    looked_after: bool | None
    contact: ContactRow | None


@dataclass(frozen=True)
class RowError:
    line: int
    upn: str
    reasons: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"Line {self.line} ({self.upn})" if self.upn else f"Line {self.line}"

    def __str__(self) -> str:
        return f"{self.where}: {'; '.join(self.reasons)}"


@dataclass
class ParsedFile:
    rows: list[PupilRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    problem: str | None = None  # the whole file is refused
    encoding: str = ""
    columns: frozenset[str] = frozenset()  # the columns of COLUMNS the file has

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.errors


def _decode(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return None


def parse_pupil_csv(data: bytes, *, today: dt.date) -> ParsedFile:
    """Every row of the file, accepted or refused with its reasons; or the reason the whole
    file is refused (not CSV, not text, a required column missing, no rows)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return ParsedFile(
            problem="The selected file is a spreadsheet, not a CSV file: save or export it as "
            "CSV (comma delimited) and upload that"
        )
    if b"\x00" in data[:8192]:
        return ParsedFile(problem="The selected file must be a CSV file: it is not text")
    decoded = _decode(data)
    if decoded is None:
        return ParsedFile(
            problem="The selected file must be text in UTF-8 or Windows-1252: export it from "
            "your MIS again as CSV"
        )
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            return ParsedFile(problem="The selected file is empty", encoding=encoding)
        index: dict[str, int] = {}
        for position, name in enumerate(header):
            index.setdefault(_key(name), position)
        missing = [name for name in REQUIRED if _key(name) not in index]
        if missing:
            problem = (
                f"The file must have a column called {missing[0]}"
                if len(missing) == 1
                else f"The file must have the columns {', '.join(missing[:-1])} and {missing[-1]}"
            )
            if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
                problem += ": its columns must be separated by commas"
            elif len(missing) == len(REQUIRED):
                problem += ": the first row must name the columns"
            return ParsedFile(problem=problem, encoding=encoding)
        columns = frozenset(c.name for c in COLUMNS if _key(c.name) in index)
        parsed = ParsedFile(encoding=encoding, columns=columns)
        reasons_by_line: dict[int, list[str]] = {}
        upn_by_line: dict[int, str] = {}
        lines_by_upn: dict[str, list[int]] = {}
        last_line = reader.line_num
        count = 0
        for raw in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            count += 1
            if count > MAX_ROWS:
                return ParsedFile(
                    problem=f"The file has more than {MAX_ROWS:,} pupils: split it into smaller "
                    "files",
                    encoding=encoding,
                )

            def cell(name: str, raw=raw) -> str:
                position = index.get(_key(name))
                if position is None or position >= len(raw):
                    return ""
                return tidy(raw[position])

            row, reasons = _row(cell, line, today)
            upn = "".join(cell("UPN").split()).upper()
            upn_by_line[line] = upn
            if upn:
                lines_by_upn.setdefault(upn, []).append(line)
            if reasons:
                reasons_by_line[line] = reasons
            else:
                parsed.rows.append(row)
    except csv.Error as error:
        return ParsedFile(
            problem=f"The file could not be read as CSV at line {reader.line_num}: {error}",
            encoding=encoding,
        )
    if count == 0:
        return ParsedFile(
            problem="The file has no pupils in it: only the row of column names",
            encoding=encoding,
        )
    for lines in lines_by_upn.values():
        if len(lines) < 2:
            continue
        for line in lines:
            others = [str(n) for n in lines if n != line]
            where = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
            reasons_by_line.setdefault(line, []).append(
                f"the UPN is also on line{'s' if len(others) > 1 else ''} {where}"
            )
    if reasons_by_line:
        parsed.rows = [r for r in parsed.rows if r.line not in reasons_by_line]
        parsed.errors = [
            RowError(line, upn_by_line[line], tuple(reasons))
            for line, reasons in sorted(reasons_by_line.items())
        ]
    return parsed


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _date(value: str) -> tuple[dt.date | None, str | None]:
    value = _TIME.sub("", value)
    match = _DMY.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.fullmatch(value)
        if not match:
            return None, "format"
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, "real"


def _yes_no(value: str) -> bool | None | str:
    lowered = value.lower()
    if not lowered:
        return None
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return "bad"


def _row(cell, line: int, today: dt.date) -> tuple[PupilRow | None, list[str]]:
    reasons: list[str] = []

    upn = "".join(cell("UPN").split()).upper()
    if not upn:
        reasons.append("UPN is missing")
    elif problem := upn_problem(upn):
        reasons.append(_lower_first(problem))

    names = {}
    for column, attribute in (("Legal surname", "last_name"), ("Legal forename", "first_name")):
        value = cell(column)
        if not value:
            reasons.append(f"{column} is missing")
        elif len(value) > 100:
            reasons.append(f"{column} is longer than 100 characters")
        names[attribute] = value

    born_text = cell("Date of birth")
    born = None
    if not born_text:
        reasons.append("Date of birth is missing")
    else:
        born, problem = _date(born_text)
        if problem == "format":
            reasons.append(
                f"Date of birth {born_text} must be in the form DD/MM/YYYY, like 27/03/2012"
            )
        elif problem == "real":
            reasons.append(f"Date of birth {born_text} is not a real date")
        elif born >= today:
            reasons.append(f"Date of birth {born_text} is in the future")
        elif not MIN_AGE <= (age := age_on(born, today)) <= MAX_AGE:
            reasons.append(
                f"Date of birth {born_text} gives an age of {age}: a pupil must be "
                f"{MIN_AGE} to {MAX_AGE}"
            )

    year_text = cell("NC year")
    year = year_group_from(year_text) if year_text else None
    if not year_text:
        reasons.append("NC year is missing")
    elif year is None:
        reasons.append(f"NC year {year_text} must be R or a number from 0 to 14")

    sen_text = cell("SEN status")
    send_status = SEN_CODES.get(sen_text.upper()) if sen_text else None
    if sen_text and send_status is None:
        reasons.append(
            f"SEN status {sen_text} must be N, K (SEN support) or E (education, health and "
            "care plan)"
        )

    looked_after_text = cell("Looked after")
    looked_after = _yes_no(looked_after_text)
    if looked_after == "bad":
        reasons.append(f"Looked after {looked_after_text} must be Y or N")

    contact = None
    if any(cell(name) for name in CONTACT_COLUMNS):
        contact, contact_reasons = _contact(cell)
        reasons.extend(contact_reasons)

    if reasons:
        return None, reasons
    return (
        PupilRow(
            line=line,
            upn=upn,
            first_name=names["first_name"],
            last_name=names["last_name"],
            date_of_birth=born,
            year_group=year,
            send_status=send_status,
            looked_after=looked_after,
            contact=contact,
        ),
        [],
    )


def _contact(cell) -> tuple[ContactRow | None, list[str]]:
    reasons = []
    name, relationship = cell("Contact 1 name"), cell("Contact 1 relationship")
    if not name:
        reasons.append("Contact 1 name is missing")
    elif len(name) > 200:
        reasons.append("Contact 1 name is longer than 200 characters")
    if not relationship:
        reasons.append("Contact 1 relationship is missing")
    elif len(relationship) > 100:
        reasons.append("Contact 1 relationship is longer than 100 characters")
    phone_text = cell("Contact 1 phone")
    phone = clean_phone(phone_text) if phone_text else ""
    if phone is None:
        reasons.append(
            f"Contact 1 phone {phone_text} is not a phone number: it needs 10 to 15 digits"
        )
    email = cell("Contact 1 email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(f"Contact 1 email {email} is not an email address")
    responsibility_text = cell("Contact 1 parental responsibility")
    responsibility = _yes_no(responsibility_text)
    if responsibility == "bad":
        reasons.append(f"Contact 1 parental responsibility {responsibility_text} must be Y or N")
    if reasons:
        return None, reasons
    return ContactRow(name, relationship, phone, email, responsibility), []
