from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class Trust(models.Model):
    """A multi-academy trust. Everything below a trust is isolated from every other trust."""

    name = models.CharField(max_length=200, unique=True)
    companies_house_number = models.CharField("Companies House number", max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.TextChoices):
    """England's nine regions, as GIAS names them in its "GOR (name)" column (issue 10, P7)."""

    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"

    @classmethod
    def from_gias(cls, name: str) -> str:
        """The region for GIAS's "GOR (name)", or "" for a name that is not one of the nine
        ("Wales (pseudo)", "Not Applicable")."""
        wanted = name.strip().casefold()
        return next((value for value, label in cls.choices if label.casefold() == wanted), "")


class School(models.Model):
    class Phase(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE_PROVISION = "ap", "Alternative provision"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        help_text="The school's unique reference number, 6 digits, from Get Information about Schools",
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    attendance_target = models.DecimalField(
        "attendance target (%)",
        max_digits=5,
        decimal_places=1,
        default=Decimal("90.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Attendance below this raises an intervention under the attendance policy (R-12.6)",
    )
    region = models.CharField(
        max_length=20,
        choices=Region.choices,
        blank=True,
        default="",
        db_default="",  # so bulk loaders (COPY) that do not know the column still insert
        db_index=True,
        help_text="Set from the GIAS register when the school's URN is in it; otherwise choose it",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


MONTHS = [
    (1, "January"),
    (2, "February"),
    (3, "March"),
    (4, "April"),
    (5, "May"),
    (6, "June"),
    (7, "July"),
    (8, "August"),
    (9, "September"),
    (10, "October"),
    (11, "November"),
    (12, "December"),
]


class TrustSettings(models.Model):
    """Every number the policy leaves open, per trust, with the defaults shown to users."""

    class Interval(models.TextChoices):
        HALF_TERMLY = "half_term", "Every half term"
        TERMLY = "term", "Every term"

    trust = models.OneToOneField(Trust, on_delete=models.CASCADE, related_name="settings")
    unregistered_hours_cap = models.DecimalField(
        "most hours a week a pupil may spend at an unregistered provider",
        max_digits=4,
        decimal_places=1,
        default=Decimal("12.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("40"))],
        help_text="The policy's 'XX hours' (R-5.8). A placement pattern over this cannot be saved.",
    )
    audit_valid_months = models.PositiveSmallIntegerField(
        "months an audit and risk assessment stays in date",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="R-5.6",
    )
    letter_of_comfort_valid_months = models.PositiveSmallIntegerField(
        "months a letter of comfort stays in date",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="R-5.5 and R-5.6",
    )
    review_interval = models.CharField(
        "how often the agreement and placement are reviewed",
        max_length=10,
        choices=Interval.choices,
        default=Interval.HALF_TERMLY,
        help_text="The policy asks for at least termly; DfE's 2025 guide asks for each half term (R-7.3)",
    )
    visit_interval = models.CharField(
        "how often the AP Lead visits each pupil at their provider",
        max_length=10,
        choices=Interval.choices,
        default=Interval.HALF_TERMLY,
        help_text="R-12.2",
    )
    notice_school_days = models.PositiveSmallIntegerField(
        "school days' written notice to parents before a placement starts",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="R-9.1. The 2010 off-site direction regulations set at least 2 school days.",
    )
    suspension_notice_hours = models.PositiveSmallIntegerField(
        "hours' notice to parents for provision from the sixth day of a suspension",
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="R-9.1, from the suspension guidance",
    )
    trust_approval_weekly_cost = models.DecimalField(
        "weekly cost above which a placement needs trust approval (£)",
        max_digits=8,
        decimal_places=2,
        default=Decimal("500.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="R-7.1. Placements with an unregistered provider always need trust approval.",
    )
    financial_year_start_month = models.PositiveSmallIntegerField(
        "first month of the trust's financial year",
        choices=MONTHS,
        default=9,
        help_text="R-10.10. Academy trusts' financial year runs from 1 September to 31 August; "
        "AP budgets are set for each financial year.",
    )
    reintegration_plan_school_days = models.PositiveSmallIntegerField(
        "school days before the planned end by which the reintegration plan is made",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(195)],
        help_text="R-13.1. The meeting with the provider and the plan are due this many school "
        "days before the placement's planned end (about three weeks by default).",
    )
    outcome_school_days = models.PositiveSmallIntegerField(
        "school days after a placement ends by which its outcome is recorded",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(195)],
        help_text="R-13.3, R-6.5. The destination, achievements and the pupil's own assessment.",
    )
    retention_years = models.PositiveSmallIntegerField(
        "years from a pupil's date of birth that their record is kept",
        default=25,
        validators=[MinValueValidator(25), MaxValueValidator(100)],
        help_text="X-1. The IRMS Information Management Toolkit for Schools keeps a pupil's "
        "educational record until the pupil is 25 (date of birth + 25 years). The record is then "
        "listed for the DSL to confirm its deletion.",
    )
    safeguarding_retention_years = models.PositiveSmallIntegerField(
        "years from a pupil's date of birth that a record with safeguarding information is kept",
        default=35,
        validators=[MinValueValidator(25), MaxValueValidator(100)],
        help_text="X-1. IRMS: child protection files until the pupil is 25, then reviewed; "
        "the service keeps them 10 years more by default (docs/security.md, Retention). A record "
        "has safeguarding information when the pupil is or was looked after, has a social worker, "
        "has a safeguarding chronology entry or a placement ended early for safeguarding.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "trust settings"

    def __str__(self) -> str:
        return f"Settings for {self.trust}"


class RegistrationThresholdRule(models.Model):
    """When a provider must register as an independent school (R-5.9), as data with a date.

    The rule in force on a day is the one with the latest effective-from date on or before it. A
    rule with no effective-from date is known but not yet in force (the 2026 Act's section 43 until
    it is commenced): the trust switches it on by giving it a date.
    """

    class OneChildTrigger(models.TextChoices):
        EHCP_OR_LOOKED_AFTER = "ehcp_or_lac", "Has an EHC plan or is looked after"
        SEN_OR_LOOKED_AFTER = "sen_or_lac", "Has special educational needs or is looked after"

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="threshold_rules")
    name = models.CharField(max_length=200)
    legal_basis = models.CharField("legal basis", max_length=200)
    effective_from = models.DateField(
        "in force from", null=True, blank=True, help_text="Leave empty while not yet in force"
    )
    headcount = models.PositiveSmallIntegerField(
        "full-time pupils of compulsory school age that make a provider a school",
        validators=[MinValueValidator(1)],
    )
    one_child_trigger = models.CharField(
        "one such pupil is enough when the pupil", max_length=20, choices=OneChildTrigger.choices
    )
    full_time_hours = models.DecimalField(
        "hours a week that count as full-time",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("40"))],
    )
    sole_provision_is_full_time = models.BooleanField(
        "a pupil for whom the provider is the sole provision counts as full-time", default=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["trust", models.F("effective_from").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "effective_from"], name="one_threshold_rule_per_day"
            )
        ]

    def __str__(self) -> str:
        return self.name
