"""R-5.2: importing the GIAS establishment file and checking providers' registration against it.

`gias_import` reads the file as a stream (`file.py`: in chunks, a line at a time, as UTF-8 or
else as Windows-1252) and writes establishments in batches, so memory stays flat whatever the size
of the file. Everything happens in one transaction: a refused file, or a failure anywhere, changes nothing.

The register is national data shared by every trust: a file that would remove more than half of
it (a partial or wrong download) is refused unless the `import_gias` command is told to force it,
with a reason that the import keeps.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.db import connection, transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from altprov.organisations.models import Region, School
from altprov.providers.models import Provider

from .file import (
    BATCH_SIZE,
    BOM,
    GiasFileError,
    _load,
    _NotUtf8,
    _register_urns,
    _whole_number,
    extract_date_from,
)
from .models import Establishment, GiasImport, RegistrationCheck
from .names import name_key, same_establishment

# A file may remove at most this share of the register's establishments without --force.
MAX_REMOVED_SHARE = 0.5


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


@dataclass(frozen=True)
class ChecksResult:
    checked: int
    flagged: int


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
