"""R-5.2: importing the GIAS establishment file and checking providers' registration against it.

`gias_import` streams the file: it reads the bytes in chunks, decodes one line at a time and hands
the lines to csv.reader, writing establishments in batches, so memory stays flat whatever the size
of the file. The file is taken as UTF-8 (with or without a byte order mark); the first line that
is not UTF-8 sends the import back to the start as Windows-1252, which is what the DfE publishes.
Everything happens in one transaction: a refused file, or a failure anywhere, changes nothing.

The register is national data shared by every trust: a file that would remove more than half of
it (a partial or wrong download) is refused unless the `import_gias` command is told to force it,
with a reason that the import keeps.
"""

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

from django.db import connection, transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from altprov.core.fields import MAX_INTEGER
from altprov.organisations.models import Region, School
from altprov.providers.models import Provider

from .models import Establishment, GiasImport, RegistrationCheck
from .names import name_key, same_establishment

BATCH_SIZE = 2000
CHUNK_SIZE = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"
# A file may remove at most this share of the register's establishments without --force.
MAX_REMOVED_SHARE = 0.5

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


class RegisterWouldShrinkError(Exception):
    """The file is well formed but would remove most of the register: refused, changing nothing,
    unless forced with a reason."""

    def __init__(self, *, rows: int, before: int, removed: int):
        super().__init__(rows, before, removed)
        self.rows = rows
        self.before = before
        self.removed = removed

    def __str__(self) -> str:
        return (
            f"The file has {self.rows:,} establishment{'s' if self.rows != 1 else ''}: importing "
            f"it would remove {self.removed:,} of the {self.before:,} establishments in the "
            "register, more than half, so nothing was imported. Check that it is the full file "
            "of all establishments from Get Information about Schools"
        )


class NoRegisterError(Exception):
    """Checks were asked for before any GIAS file was imported."""


class _NotUtf8(Exception):
    def __init__(self, line: int):
        self.line = line


@dataclass(frozen=True)
class ChecksResult:
    checked: int
    flagged: int


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


def region_in_register(urn: str) -> str:
    """The region (a `Region` value) the register gives the school with this URN, or ""."""
    if not (urn.isascii() and urn.isdigit()):
        return ""
    found = Establishment.objects.filter(urn=int(urn)).values_list("region", flat=True).first()
    return Region.from_gias(found or "")


def school_regions_set() -> int:
    """Issue 10, P7: gives every school whose URN is in the register the region the register
    names (GIAS's "GOR (name)"); schools not in it keep the region entered on their page.
    Returns how many schools changed. A few queries whatever the number of schools."""
    urns = {}
    for pk, urn in School.objects.values_list("pk", "urn"):
        if urn.isascii() and urn.isdigit():
            urns[int(urn)] = pk
    changed: dict[str, list[int]] = {}
    found = Establishment.objects.exclude(region="").values_list("urn", "region")
    for urn, name in found.iterator(chunk_size=5000):
        region = Region.from_gias(name) if urn in urns else ""
        if region:
            changed.setdefault(region, []).append(urns[urn])
    total = 0
    for region, ids in changed.items():
        # Plain updates: the region is the register's, not a person's change to the school.
        total += School.objects.filter(pk__in=ids).exclude(region=region).update(region=region)
    return total


def _lock_register() -> None:
    """Two imports at once would each empty and refill the register: let one wait for the other
    (SQLite's write transactions already do)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Establishment._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608


def gias_import(*, file, file_name: str, by, force_reason: str = "") -> GiasImport:
    """R-5.2: replaces the establishment register with a GIAS extract (a binary file object), then
    checks every provider of every trust against it, all in one transaction. Raises GiasFileError
    if the file is not a well-formed extract, and RegisterWouldShrinkError if it would remove more
    than half of the register (unless `force_reason` says why that is right); either way, and on
    any other failure, the register, its imports and the checks stay as they were.

    Only a service administrator (the import page) or the `import_gias` command call this: the
    register is shared by every trust, so no trust role may replace it."""
    file_name = (PurePath(file_name.replace("\\", "/")).name or "unnamed.csv")[:255]
    force_reason = force_reason.strip()
    with transaction.atomic():
        _lock_register()
        before, before_count = _register_urns()
        encoding = GiasImport.Encoding.UTF8
        file.seek(0)
        has_bom = file.read(len(BOM)) == BOM
        file.seek(0)
        try:
            with transaction.atomic():
                loaded = _load(file, "utf-8", before)
        except _NotUtf8 as not_utf8:
            if has_bom:
                raise GiasFileError(
                    not_utf8.line, "the file starts as UTF-8, but this line is not UTF-8"
                ) from None
            encoding = GiasImport.Encoding.CP1252
            file.seek(0)
            with transaction.atomic():
                loaded = _load(file, "cp1252", before)
        if has_bom:
            encoding = GiasImport.Encoding.UTF8_BOM
        removed = before_count - loaded.kept
        if removed > before_count * MAX_REMOVED_SHARE and not force_reason:
            raise RegisterWouldShrinkError(rows=loaded.rows, before=before_count, removed=removed)
        gias_import = GiasImport.objects.create(
            file_name=file_name,
            extract_date=extract_date_from(file_name),
            rows=loaded.rows,
            encoding=encoding,
            imported_by=by,
            removed=removed,
            forced_reason=force_reason,
        )
        school_regions_set()
        result = _check(Provider.objects.all(), gias_import=gias_import, by=by)
        gias_import.providers_checked = result.checked
        gias_import.providers_flagged = result.flagged
        gias_import.save(update_fields=["providers_checked", "providers_flagged"])
    return gias_import


def checks_run(*, by=None, trust=None) -> ChecksResult:
    """R-5.2: checks the providers (of `trust`, or of every trust) against the register as it is,
    without importing. Raises NoRegisterError if no GIAS file has been imported yet."""
    latest = GiasImport.objects.order_by("-imported_at", "-pk").first()
    if latest is None:
        raise NoRegisterError("No GIAS file has been imported yet.")
    providers = Provider.objects.all() if trust is None else Provider.objects.filter(trust=trust)
    with transaction.atomic():
        return _check(providers, gias_import=latest, by=by)


def _whole_number(text: str) -> int | None:
    text = text.strip()
    if not (text and text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    if int(text) > MAX_INTEGER:
        return None
    return int(text)


def _check(providers: QuerySet, *, gias_import: GiasImport | None, by) -> ChecksResult:
    """One RegistrationCheck for each provider: one query for the providers, one for the
    establishments their URNs name, one for open establishments with an unregistered provider's
    name, and the inserts."""
    Registration = Provider.Registration
    providers = list(providers.order_by("pk").only("pk", "name", "registration_status", "urn"))
    urns = {
        urn
        for p in providers
        if p.registration_status == Registration.REGISTERED
        and (urn := _whole_number(p.urn)) is not None
    }
    keys = {name_key(p.name) for p in providers if p.registration_status != Registration.REGISTERED}
    fields = ("urn", "name", "type_of_establishment", "status", "close_date", "name_key")
    by_urn = (
        {e.urn: e for e in Establishment.objects.filter(urn__in=urns).only(*fields)} if urns else {}
    )
    by_name: dict[str, Establishment] = {}
    if keys:
        # The open establishment with the lowest URN for each name, in one query: a common name
        # can belong to dozens of establishments, and one is enough to mention.
        first_urns = (
            Establishment.objects.filter(name_key__in=keys, status__in=Establishment.OPEN_STATUSES)
            .values("name_key")
            .annotate(first=Min("urn"))
            .values("first")
        )
        by_name = {
            e.name_key: e for e in Establishment.objects.filter(urn__in=first_urns).only(*fields)
        }
    now = timezone.now()
    checks = [
        _outcome(p, by_urn, by_name, now=now, by=by, gias_import=gias_import) for p in providers
    ]
    RegistrationCheck.objects.bulk_create(checks, batch_size=BATCH_SIZE)
    return ChecksResult(checked=len(checks), flagged=sum(c.flagged for c in checks))


def _outcome(provider, by_urn, by_name, *, now, by, gias_import) -> RegistrationCheck:
    Outcome = RegistrationCheck.Outcome
    claimed_urn = provider.urn.strip()
    check = RegistrationCheck(
        provider=provider,
        checked_at=now,
        checked_by=by,
        gias_import=gias_import,
        claimed_status=provider.registration_status,
        claimed_urn=claimed_urn,
    )
    establishment = None
    if provider.registration_status == Provider.Registration.REGISTERED:
        urn = _whole_number(claimed_urn)
        establishment = by_urn.get(urn) if urn is not None else None
        if not claimed_urn:
            check.outcome = Outcome.NO_URN
            check.message = "It says it is registered, but no URN is recorded for it."
        elif establishment is None:
            check.outcome = Outcome.NOT_FOUND
            check.message = f"No establishment in GIAS has the URN {claimed_urn}."
        elif not same_establishment(provider.name, establishment.name):
            check.outcome = Outcome.OTHER_ESTABLISHMENT
            check.message = (
                f"URN {establishment.urn} is {establishment.name} "
                f"({establishment.type_of_establishment}) in GIAS."
            )
        elif establishment.status == Establishment.Status.CLOSED:
            check.outcome = Outcome.CLOSED
            closed = establishment.close_date
            check.message = f"{establishment.name} is closed in GIAS" + (
                f" since {closed.day} {closed:%B %Y}." if closed else "."
            )
        else:
            check.outcome = Outcome.MATCHES
            check.message = (
                f"{establishment.name} is {establishment.status.lower()} in GIAS "
                f"({establishment.type_of_establishment})."
            )
    else:
        establishment = by_name.get(name_key(provider.name))
        if establishment is not None:
            check.outcome = Outcome.UNREGISTERED_FOUND
            check.message = (
                f"GIAS has an open establishment called {establishment.name} "
                f"(URN {establishment.urn}, {establishment.type_of_establishment}). "
                "Check whether the provider is in fact registered."
            )
        else:
            check.outcome = Outcome.UNREGISTERED
            check.message = "No open establishment in GIAS has its name."
    if establishment is not None:
        check.found = True
        check.establishment_urn = establishment.urn
        check.establishment_name = establishment.name
        check.establishment_type = establishment.type_of_establishment
        check.establishment_status = establishment.status
        check.establishment_close_date = establishment.close_date
    check.flagged = check.outcome in RegistrationCheck.FLAGGED_OUTCOMES
    return check
