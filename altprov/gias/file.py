"""R-5.2: reading the GIAS establishment file (`services.gias_import` writes what it reads).

The file is streamed: the bytes are read in chunks, decoded one line at a time and handed to
csv.reader, so memory stays flat whatever the size of the file. It is taken as UTF-8 (with or
without a byte order mark); the first line that is not UTF-8 raises `_NotUtf8`, and the import
starts again as Windows-1252, which is what the DfE publishes. Each refused line raises
`GiasFileError` naming the line.
"""

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

from altprov.core.fields import MAX_INTEGER

from .models import Establishment
from .names import name_key

BATCH_SIZE = 2000
CHUNK_SIZE = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"

# Header column -> Establishment field. Every other column of the file is ignored.
COLUMNS = {
    "URN": "urn",
    "EstablishmentName": "name",
    "TypeOfEstablishment (name)": "type_of_establishment",
    "EstablishmentTypeGroup (name)": "type_group",
    "EstablishmentStatus (name)": "status",
    "OpenDate": "open_date",
    "CloseDate": "close_date",
    "UKPRN": "ukprn",
    "Street": "street",
    "Town": "town",
    "Postcode": "postcode",
    "SchoolWebsite": "website",
    "OfstedLastInsp": "ofsted_last_inspection",
    "LA (name)": "la_name",
}
# Read when the file has them (every real extract does); a file without them still imports.
OPTIONAL_COLUMNS = {"GOR (name)": "region"}
DATE_COLUMNS = ("OpenDate", "CloseDate", "OfstedLastInsp")
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in DATE_COLUMNS and c != "URN")
REQUIRED_VALUES = ("EstablishmentName", "TypeOfEstablishment (name)", "EstablishmentStatus (name)")
STATUSES = frozenset(Establishment.Status.values)

_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_EXTRACT_NAME = re.compile(r"edubasealldata(\d{8})\.csv", re.IGNORECASE)


class GiasFileError(Exception):
    """The file was refused: `line` is the line of the file (1 is the header), `reason` says why
    in words that finish "Line 12: ..."."""

    def __init__(self, line: int, reason: str):
        super().__init__(line, reason)
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"Line {self.line:,}: {self.reason}"


class _NotUtf8(Exception):
    def __init__(self, line: int):
        self.line = line


def _max_lengths() -> dict[str, int]:
    lengths = {}
    for column in (*TEXT_COLUMNS, *OPTIONAL_COLUMNS):
        field = Establishment._meta.get_field(COLUMNS.get(column) or OPTIONAL_COLUMNS[column])
        if field.max_length:
            lengths[column] = field.max_length
    return lengths


MAX_LENGTHS = _max_lengths()


def extract_date_from(file_name: str) -> dt.date | None:
    """The date of the extract from a name like edubasealldata20261101.csv, if it has one."""
    match = _EXTRACT_NAME.fullmatch(PurePath(file_name).name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match[1], "%Y%m%d").date()
    except ValueError:
        return None


def _byte_lines(file):
    """The file's lines as bytes, each with its newline, read in chunks (never the whole file)."""
    pending = b""
    line = 0
    while chunk := file.read(CHUNK_SIZE):
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        for part in parts:
            line += 1
            yield part + b"\n"
        if len(pending) > MAX_LINE_BYTES:
            raise GiasFileError(
                line + 1, "the line is longer than 1 MB, so this is not a GIAS CSV file"
            )
    if pending:
        yield pending


def _text_lines(file, encoding: str):
    """The file's lines decoded; raises _NotUtf8 at the first line that is not UTF-8."""
    for number, raw in enumerate(_byte_lines(file), start=1):
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM) :]
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8":
                raise _NotUtf8(number) from None
            raise GiasFileError(
                number, "the file is not text in UTF-8 or Windows-1252, so it cannot be read"
            ) from None


def _parse_date(value: str, column: str, line: int) -> dt.date | None:
    if not value:
        return None
    match = _DATE.fullmatch(value)
    if not match:
        raise GiasFileError(line, f"the {column} {value} is not a date in the form DD-MM-YYYY")
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise GiasFileError(line, f"the {column} {value} is not a real date") from None


def _establishment(row: list[str], index: dict[str, int], line: int) -> Establishment:
    value = {column: row[i].strip() for column, i in index.items()}
    urn = value["URN"]
    if not urn:
        raise GiasFileError(line, "the URN is empty")
    if not (urn.isascii() and urn.isdigit()):
        raise GiasFileError(line, f"the URN {urn} is not a whole number")
    if len(urn) > 10 or int(urn) > MAX_INTEGER:
        shown = urn if len(urn) <= 12 else f"{urn[:12]}…"
        raise GiasFileError(line, f"the URN {shown} is too large to be a URN")
    for column in REQUIRED_VALUES:
        if not value[column]:
            raise GiasFileError(line, f"the {column} is empty")
    if value["EstablishmentStatus (name)"] not in STATUSES:
        raise GiasFileError(
            line,
            f"the EstablishmentStatus (name) {value['EstablishmentStatus (name)']} is not one of "
            + ", ".join(f'"{s}"' for s in sorted(STATUSES)),
        )
    for column, limit in MAX_LENGTHS.items():
        if len(value.get(column, "")) > limit:
            raise GiasFileError(line, f"the {column} is longer than {limit} characters")
    fields = {COLUMNS[column]: value[column] for column in TEXT_COLUMNS}
    fields |= {name: value[column] for column, name in OPTIONAL_COLUMNS.items() if column in value}
    for column in DATE_COLUMNS:
        fields[COLUMNS[column]] = _parse_date(value[column], column, line)
    return Establishment(urn=int(urn), name_key=name_key(fields["name"]), **fields)


class _SeenUrns:
    """The URNs read so far, in constant memory: a bitmap for six-digit URNs (125 KB), a set for
    any beyond."""

    BITMAP_SIZE = 1_000_000

    def __init__(self):
        self.bits = bytearray(self.BITMAP_SIZE // 8)
        self.others: set[int] = set()

    def has_seen(self, urn: int) -> bool:
        """Whether the URN was seen before; notes it as seen."""
        if urn >= self.BITMAP_SIZE:
            if urn in self.others:
                return True
            self.others.add(urn)
            return False
        byte, bit = divmod(urn, 8)
        if self.bits[byte] & (1 << bit):
            return True
        self.bits[byte] |= 1 << bit
        return False

    def __contains__(self, urn: int) -> bool:
        if urn >= self.BITMAP_SIZE:
            return urn in self.others
        byte, bit = divmod(urn, 8)
        return bool(self.bits[byte] & (1 << bit))


@dataclass(frozen=True)
class _Loaded:
    rows: int
    kept: int  # how many of the register's URNs before the import are in the file


def _register_urns() -> tuple[_SeenUrns, int]:
    """The URNs of the register as it is, in constant memory, and how many there are."""
    urns = _SeenUrns()
    count = 0
    for urn in Establishment.objects.values_list("urn", flat=True).iterator(chunk_size=BATCH_SIZE):
        urns.has_seen(urn)
        count += 1
    return urns, count


def _first_line_of(file, encoding: str, urn: int, column: int) -> int:
    """The line where the URN first appears: the file is read again from the start, which only
    happens when a duplicate is being refused."""
    file.seek(0)
    reader = csv.reader(_text_lines(file, encoding))
    next(reader)
    last_line = reader.line_num
    for row in reader:
        line, last_line = last_line + 1, reader.line_num
        if len(row) > column and _whole_number(row[column]) == urn:
            return line
    return 0  # not reached: the URN was seen


def _load(file, encoding: str, before: _SeenUrns) -> _Loaded:
    """Replaces the register with the file's rows; returns how many, and how many of the URNs
    `before` the file kept. Call inside a transaction."""
    Establishment.objects.all().delete()
    kept = 0
    reader = csv.reader(_text_lines(file, encoding), strict=True)
    last_line = 0
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise GiasFileError(1, "the file is empty")
        header = [cell.strip() for cell in header]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            names = ", ".join(f'"{column}"' for column in missing)
            raise GiasFileError(
                1, f"the header has no {names} column{'s' if len(missing) > 1 else ''}"
            )
        index = {column: header.index(column) for column in COLUMNS}
        index |= {c: header.index(c) for c in OPTIONAL_COLUMNS if c in header}
        width = len(header)
        seen = _SeenUrns()
        batch: list[Establishment] = []
        rows = 0
        last_line = reader.line_num
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not row:
                continue  # a blank line
            if len(row) != width:
                raise GiasFileError(
                    line, f"the row has {len(row)} fields but the header has {width}"
                )
            establishment = _establishment(row, index, line)
            if seen.has_seen(establishment.urn):
                first = _first_line_of(file, encoding, establishment.urn, index["URN"])
                raise GiasFileError(
                    line, f"the URN {establishment.urn} is already on line {first:,}"
                )
            batch.append(establishment)
            rows += 1
            kept += establishment.urn in before
            if len(batch) >= BATCH_SIZE:
                Establishment.objects.bulk_create(batch)
                batch = []
        if batch:
            Establishment.objects.bulk_create(batch)
    except csv.Error as error:
        raise GiasFileError(last_line + 1, f"the line cannot be read as CSV ({error})") from None
    if not rows:
        raise GiasFileError(2, "the file has no establishments after the header")
    return _Loaded(rows=rows, kept=kept)


def _whole_number(text: str) -> int | None:
    text = text.strip()
    if not (text and text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    if int(text) > MAX_INTEGER:
        return None
    return int(text)
