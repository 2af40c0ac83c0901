"""The public register of establishments from Get Information about Schools, its imports, and the
registration checks of providers against it (R-5.2).

The register is public data shared by every trust: an import replaces it whole, and only a service
administrator (a role outside every trust) or the `import_gias` command may import it. Imports and checks
are only ever added, never changed or deleted, so they are their own history; a check copies what it
found, so it stays true after later imports.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Establishment(models.Model):
    """One row of the GIAS establishment extract (edubasealldataYYYYMMDD.csv)."""

    class Status(models.TextChoices):
        OPEN = "Open", "Open"
        CLOSED = "Closed", "Closed"
        OPEN_PROPOSED_TO_CLOSE = "Open, but proposed to close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "Proposed to open", "Proposed to open"

    OPEN_STATUSES = (Status.OPEN, Status.OPEN_PROPOSED_TO_CLOSE)

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=255)
    # The name reduced to its significant words (see altprov.gias.names), for name matches.
    name_key = models.CharField(max_length=255, db_index=True)
    type_of_establishment = models.CharField("type of establishment", max_length=100)
    type_group = models.CharField("establishment type group", max_length=100)
    status = models.CharField(max_length=40, choices=Status.choices)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    ukprn = models.CharField("UKPRN", max_length=20, blank=True)
    street = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    website = models.TextField(blank=True)
    la_name = models.CharField("local authority", max_length=100, blank=True)
    region = models.CharField("region (GOR)", max_length=100, blank=True)
    ofsted_last_inspection = models.DateField("last Ofsted inspection", null=True, blank=True)

    class Meta:
        ordering = ["urn"]

    def __str__(self) -> str:
        return f"{self.name} (URN {self.urn})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class GiasImport(models.Model):
    """One successful import of the establishment file."""

    class Encoding(models.TextChoices):
        UTF8 = "utf-8", "UTF-8"
        UTF8_BOM = "utf-8-sig", "UTF-8 with byte order mark"
        CP1252 = "cp1252", "Windows-1252"

    file_name = models.CharField(max_length=255)
    extract_date = models.DateField(
        null=True, blank=True, help_text="From a file name like edubasealldata20261101.csv"
    )
    rows = models.PositiveIntegerField()
    encoding = models.CharField(max_length=10, choices=Encoding.choices)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when imported with the import_gias command",
    )
    providers_checked = models.PositiveIntegerField(default=0)
    providers_flagged = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(
        default=0, help_text="Establishments of the register before this import not in this file"
    )
    forced_reason = models.TextField(
        blank=True,
        help_text="Why a file removing most of the register was imported anyway (import_gias --force)",
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        get_latest_by = ["imported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows)"

    @property
    def rows_display(self) -> str:
        return f"{self.rows:,}"

    @property
    def described(self) -> str:
        return describe_import(self.file_name, self.rows, self.imported_at)


def describe_import(file_name: str, rows: int, imported_at) -> str:
    """Which import a check came from, in words: "edubasealldata20261101.csv (50,123
    establishments, imported 2 November 2026)"."""
    when = timezone.localtime(imported_at)
    return (
        f"{file_name} ({rows:,} establishment{'s' if rows != 1 else ''}, "
        f"imported {when.day} {when:%B %Y})"
    )


class RegistrationCheck(models.Model):
    """R-5.2: a provider's claimed registration status checked against the GIAS register."""

    class Outcome(models.TextChoices):
        MATCHES = "matches", "Matches GIAS"
        NOT_FOUND = "not_found", "Says it is registered but its URN is not in GIAS"
        CLOSED = "closed", "Its establishment is closed in GIAS"
        OTHER_ESTABLISHMENT = "other_establishment", "Its URN belongs to another establishment"
        NO_URN = "no_urn", "Says it is registered but has no URN"
        UNREGISTERED_FOUND = (
            "unregistered_found",
            "Says it is unregistered, but an open establishment in GIAS has its name",
        )
        UNREGISTERED = "unregistered", "Unregistered: not expected in GIAS"

    FLAGGED_OUTCOMES = frozenset(
        {Outcome.NOT_FOUND, Outcome.CLOSED, Outcome.OTHER_ESTABLISHMENT, Outcome.NO_URN}
    )

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="registration_checks"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gias_import = models.ForeignKey(
        GiasImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
        help_text="The import whose register was used",
    )
    claimed_status = models.CharField(max_length=20)
    claimed_urn = models.CharField("claimed URN", max_length=20, blank=True)
    found = models.BooleanField(default=False)
    establishment_urn = models.PositiveIntegerField("URN found", null=True, blank=True)
    establishment_name = models.CharField(max_length=255, blank=True)
    establishment_type = models.CharField(max_length=100, blank=True)
    establishment_status = models.CharField(max_length=40, blank=True)
    establishment_close_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    flagged = models.BooleanField(default=False)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [
            models.Index(fields=["provider", "-checked_at", "-id"], name="gias_check_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.get_outcome_display()}"
