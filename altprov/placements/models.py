import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField
from altprov.core.versions import VersionedModel


class Placement(models.Model):
    """One pupil at one provider for a period, arising from an approved referral."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Attending"
        ENDED = "ended", "Ended"

    class SettingType(models.TextChoices):
        """School census AP setting types, for a provider with no URN or UKPRN (R-7.6)."""

        NFE = "NFE", "Non-maintained further education (NFE)"
        OOT = "OOT", "One-to-one tuition (OOT)"
        OTH = "OTH", "Other unregistered provider (OTH)"
        WBP = "WBP", "Work-based placement (WBP)"

    class EndReason(models.TextChoices):
        """Why a placement ended (R-13.3, R-6.5): reintegration, or another ending with its reason."""

        REINTEGRATED = "reintegrated", "Returned to the school (reintegration)"
        MOVED = "moved", "Moved to another provision"
        PERMANENT_EXCLUSION = "permanent_exclusion", "Permanently excluded"
        LEFT_SCHOOL = "left_school", "Left the school"
        SAFEGUARDING = "safeguarding", "Ended early for safeguarding concerns"
        NO_PROGRESS = "no_progress", "Ended for lack of progress"
        COMPLETED = "completed", "Completed: the pupil finished compulsory education"
        OTHER = "other", "Another reason"

    class AttendanceRecording(models.TextChoices):
        B = "B", "B: approved educational activity at the home school"
        D = "D", "D: dual registered at the provider"

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="placements"
    )
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="placements"
    )
    site = models.ForeignKey(
        "providers.ProviderSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    start_date = models.DateField("start date")
    planned_end_date = models.DateField("planned end date")
    weekly_cost = models.DecimalField(
        "cost per week (£)", max_digits=8, decimal_places=2, default=Decimal("0")
    )
    sole_provision = models.BooleanField(
        "the provider is the pupil's only provision",
        default=False,
        help_text="A pupil at no other provision counts as full-time even below 18 hours (R-5.9)",
    )
    dual_registered = models.BooleanField(
        "the pupil will be dual registered at the provider",
        default=False,
        help_text="Only where the provider is itself a registered school, such as a pupil referral unit (R-7.5)",
    )
    census_setting_type = models.CharField(
        "census setting type",
        max_length=3,
        choices=SettingType.choices,
        blank=True,
        help_text="Only for a provider with no URN or UKPRN (R-7.6)",
    )
    census_main_reason = models.CharField(
        "main reason for the placement (census)", max_length=40, blank=True
    )
    la_informed_on = DoneDateField("date the local authority was told", null=True, blank=True)
    la_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # an unregistered provider only in exceptional circumstances, with the SIT's agreement.
    exceptional_reasons = models.TextField(
        "why no registered provision can meet the pupil's needs", blank=True
    )
    professionals_consulted = models.TextField("the wider professionals consulted", blank=True)
    sit_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sit_agreed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(null=True, blank=True)
    ended_on = DoneDateField("date the placement ended", null=True, blank=True)
    end_reason = models.CharField(
        "why the placement ended", max_length=20, choices=EndReason.choices, blank=True
    )
    attendance_recording = models.CharField(
        max_length=1, choices=AttendanceRecording.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.referral.pupil} at {self.provider} from {self.start_date:%-d %B %Y}"

    @property
    def pupil(self):
        return self.referral.pupil

    @property
    def hours_per_week(self) -> Decimal:
        """The sessions' time summed, then made hours: 5:20 + 6:20 + 6:20 is exactly 18."""
        return Decimal(sum(s.seconds for s in self.sessions.all())) / Decimal(3600)


class PlacementSession(models.Model):
    """One slot of the weekly pattern: a day, start and end time."""

    class Day(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="sessions")
    day = models.PositiveSmallIntegerField(choices=Day.choices)
    starts_at = models.TimeField("start time")
    ends_at = models.TimeField("end time")

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "day", "starts_at"]

    def __str__(self) -> str:
        return f"{self.get_day_display()} {self.starts_at:%H:%M} to {self.ends_at:%H:%M}"

    @property
    def seconds(self) -> int:
        start = dt.datetime.combine(dt.date.min, self.starts_at)
        end = dt.datetime.combine(dt.date.min, self.ends_at)
        return (end - start).seconds

    @property
    def hours(self) -> Decimal:
        return Decimal(self.seconds) / Decimal(3600)


class PlacementRecords(VersionedModel):
    """What must be in place before the start (R-7.4), one record per placement: the pastoral
    contact (R-10.4), the personalised plan (R-6.4, R-11.1), the LA caseworker told of an EHCP
    pupil's placement (R-10.8), trust approval (R-7.1) and the written notice (R-9.1)."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="records")
    # Pastoral contact
    pastoral_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pastoral_placements",
    )
    contact_protocol = models.TextField(
        "contact protocol", blank=True, help_text="How and how often they contact the pupil"
    )
    # Personalised plan
    assessment_and_monitoring = models.TextField(
        "arrangements for assessment and monitoring progress", blank=True
    )
    baseline_attainment = models.TextField("baseline: attainment", blank=True)
    baseline_attendance = models.TextField("baseline: attendance", blank=True)
    baseline_behaviour = models.TextField("baseline: behaviour", blank=True)
    ehcp_link = models.TextField("how the plan links to the EHC plan", blank=True)
    objectives_shared_on = DoneDateField(
        "date the objectives were shared with the provider", null=True, blank=True
    )
    # SENDCo
    la_caseworker_informed_on = DoneDateField(
        "date the LA caseworker was told", null=True, blank=True
    )
    la_caseworker_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Trust approval
    trust_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trust_approved_at = models.DateTimeField(null=True, blank=True)
    # Written notice to parents
    notice_issued_on = DoneDateField("date the notice was sent", null=True, blank=True)
    notice_method = models.CharField("how it was sent", max_length=40, blank=True)
    notice_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Records for {self.placement}"


class PlanObjective(models.Model):
    """An objective of the personalised plan, with its timeframe and measure (R-6.4)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="objectives")
    objective = models.TextField("objective for improvement or attainment")
    timeframe = models.CharField("timeframe", max_length=200)
    measure = models.TextField("how it will be measured")

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "pk"]

    def __str__(self) -> str:
        return self.objective[:60]


class InformationShare(models.Model):
    """One sharing of information with the provider (R-11.2): what, when, by whom, how, and the
    lawful basis, in line with data protection."""

    class Category(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding"
        SEND = "send", "SEND (EHCP, IEP, pupil passport)"
        MEDICAL = "medical", "Medical"
        ATTAINMENT = "attainment", "Attainment data"
        OTHER = "other", "Other"

    class Method(models.TextChoices):
        SECURE_EMAIL = "secure_email", "Secure email"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone call"
        SECURE_TRANSFER = "secure_transfer", "Secure file transfer"
        POST = "post", "Post"

    class LawfulBasis(models.TextChoices):
        PUBLIC_TASK = "public_task", "Public task (UK GDPR article 6(1)(e))"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (article 6(1)(c))"
        VITAL_INTERESTS = "vital_interests", "Vital interests (article 6(1)(d))"
        CONSENT = "consent", "Consent (article 6(1)(a))"

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="information_shares"
    )
    category = models.CharField("what kind of information", max_length=20, choices=Category.choices)
    what = models.TextField("what was shared")
    shared_on = DoneDateField("date shared")
    method = models.CharField("how", max_length=20, choices=Method.choices)
    lawful_basis = models.CharField("lawful basis", max_length=20, choices=LawfulBasis.choices)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-shared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} shared on {self.shared_on:%-d %B %Y}"
