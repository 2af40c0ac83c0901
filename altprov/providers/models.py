from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField
from altprov.organisations.models import Trust


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class YesNoNotApplicable(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "n/a", "Not applicable"


KEY_STAGES = [
    ("KS1", "Key stage 1"),
    ("KS2", "Key stage 2"),
    ("KS3", "Key stage 3"),
    ("KS4", "Key stage 4"),
    ("KS5", "Key stage 5 (post-16)"),
]


class Provider(models.Model):
    """An alternative provision setting on the trust's register, shared by its schools (R-5.1)."""

    class Registration(models.TextChoices):
        REGISTERED = "registered", "Registered"
        UNREGISTERED = "unregistered", "Unregistered"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField("name of alternative provision", max_length=200)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    manager_name = models.CharField("name of headteacher or manager", max_length=150)
    website = models.URLField("website", blank=True)
    registration_status = models.CharField(
        "registration status",
        max_length=20,
        choices=Registration.choices,
        help_text="Check Get Information about Schools: a provider not found there is not registered",
    )
    urn = models.CharField("DfE number (URN)", max_length=8, blank=True)
    ukprn = models.CharField("UK provider reference number (UKPRN)", max_length=8, blank=True)
    on_la_list = models.CharField(
        "on the local authority's providers list", max_length=3, choices=YesNo.choices, blank=True
    )
    pupil_places = models.PositiveIntegerField(
        "number of pupil places available", null=True, blank=True
    )
    key_stages = models.CharField(
        "key stages available",
        max_length=40,
        blank=True,
        help_text="Stored as ',KS3,KS4,' so one key stage can be filtered with a LIKE",
    )
    adults_over_18 = models.CharField(
        "offers places to adults over the age of 18",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
    )
    gcse_english_maths = models.CharField(
        "offers English and maths at GCSE",
        max_length=3,
        choices=YesNoNotApplicable.choices,
        blank=True,
    )
    gcse_five_or_more = models.CharField(
        "offers five or more subjects at GCSE",
        max_length=3,
        choices=YesNoNotApplicable.choices,
        blank=True,
    )
    exam_centre = models.CharField(
        "is a registered exam centre", max_length=3, choices=YesNoNotApplicable.choices, blank=True
    )
    exam_centre_number = models.CharField("exam centre number", max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "name"], name="provider_name_unique_in_trust")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unregistered(self) -> bool:
        return self.registration_status == self.Registration.UNREGISTERED

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)

    @property
    def key_stage_list(self) -> list[str]:
        return [k for k in self.key_stages.split(",") if k]

    @property
    def key_stage_labels(self) -> str:
        labels = dict(KEY_STAGES)
        return ", ".join(labels.get(k, k) for k in self.key_stage_list)


class ProviderSite(models.Model):
    """An address at which a pupil may be taught (R-5.1; DfE 2025 guide)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField("site name", max_length=200)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class ProviderContact(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    role = models.CharField("role", max_length=150)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class OfstedInspection(models.Model):
    """An Ofsted outcome, stored with its scheme: grades are not comparable across schemes, and
    the inspection date is always shown beside them (R-5.1)."""

    class Scheme(models.TextChoices):
        LEGACY = "legacy", "Single overall grade (before September 2024)"
        SUB_JUDGEMENTS = (
            "sub_judgements",
            "Sub-judgements without an overall grade (September 2024 to November 2025)",
        )
        REPORT_CARD = "report_card", "Report card (from 10 November 2025)"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="inspections")
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    inspection_date = DoneDateField("date of the inspection")
    overall_grade = models.PositiveSmallIntegerField("overall grade", null=True, blank=True)
    # Area -> grade, in the scheme's own words (see altprov.providers.ofsted).
    judgements = models.JSONField(default=dict, blank=True)
    safeguarding = models.CharField("safeguarding", max_length=20)
    report_url = models.URLField("link to the report", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "-inspection_date", "-pk"]

    def __str__(self) -> str:
        return f"Ofsted inspection on {self.inspection_date:%-d %B %Y}"


class LetterOfComfort(models.Model):
    """Written confirmation from the provider that safeguarding checks (DBS and the checks the
    school would do for its own staff) have been carried out (R-5.5)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="letters")
    received_on = DoneDateField("date received")
    signatory_name = models.CharField("name of the person who signed it", max_length=150)
    signatory_role = models.CharField("their role", max_length=150)
    document = models.ForeignKey(
        "evidence.EvidenceFile", on_delete=models.PROTECT, related_name="letters"
    )
    renewal_due = models.DateField("renewal date")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Letter of comfort received {self.received_on:%-d %B %Y}"
