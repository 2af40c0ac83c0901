from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField
from altprov.core.versions import VersionedModel

# the policy's reasons (section 4) and routes.
REASONS = [
    ("exclusion_risk", "Risk of exclusion, or one or more previous suspensions"),
    (
        "wider_curriculum",
        "A wider curriculum, to support wider development and skills for later life",
    ),
    ("personalised_curriculum", "A more personalised curriculum, where a need has been identified"),
    (
        "academic_social_demands",
        "Struggles to meet the academic and social demands of mainstream education",
    ),
    (
        "illness_semh",
        "Illness or other reasons, including SEMH needs, so would not receive suitable education in mainstream",
    ),
    (
        "negative_experiences",
        "To negate damage from negative experiences in subjects the pupil cannot access",
    ),
    ("legal_obligation", "To meet legal obligations"),
    ("long_suspension", "A suspension of more than five school days"),
    ("other", "Another reason"),
]


class Referral(VersionedModel):
    """A referral of a pupil to alternative provision (R-4.1, R-6.3, R-7.1, R-7.2)."""

    class Route(models.TextChoices):
        SCHOOL_DIRECTED = "school_directed", "School-directed off-site provision"
        SUSPENSION = "suspension", "Provision from the sixth day of a suspension"
        LA_ARRANGED = "la_arranged", "Arranged by the local authority"

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved: the pupil is to be directed to alternative provision"
        DECLINED = "declined", "Declined"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="referrals")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="referrals"
    )
    reasons = models.JSONField("reasons for the referral", default=list)
    other_reason = models.TextField("the other reason", blank=True)
    route = models.CharField("route", max_length=20, choices=Route.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("put to the Headteacher", null=True, blank=True)

    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    rationale = models.TextField("rationale", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    VALUE_LABELS = {"reasons": dict(REASONS)}  # shown in "what changed"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Referral of {self.pupil} ({self.created_at:%-d %B %Y})"

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(REASONS)
        return [
            self.other_reason if key == "other" and self.other_reason else labels.get(key, key)
            for key in self.reasons
        ]

    @property
    def is_approved(self) -> bool:
        return self.decision == self.Decision.APPROVED


class Consultation(models.Model):
    """Section 8: where the pupil has additional needs, the DSL and SENDCo are consulted."""

    class Role(models.TextChoices):
        DSL = "dsl", "Designated Safeguarding Lead"
        SENDCO = "sendco", "SENDCo"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consultations")
    role = models.CharField(max_length=10, choices=Role.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    view = models.TextField("their view")

    history = HistoricalRecords()

    class Meta:
        ordering = ["referral", "at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} consulted"


class ReferralMeeting(models.Model):
    """R-7.2: the meeting with the pupil, parents or carers, Headteacher and AP Lead."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="meeting")
    held_on = DoneDateField("date of the meeting")
    attendees = models.TextField("who attended", help_text="Names and roles, one a line")
    pupil_attended = models.BooleanField("the pupil attended", default=False)
    parents_attended = models.BooleanField("parents or carers attended", default=False)
    reasons_explained = models.TextField("how the AP Lead explained the reasons for the referral")
    pupil_views = models.TextField("the pupil's views")
    parent_views = models.TextField("the views of the parents or carers")
    other_stakeholders = models.TextField(
        "other professionals involved",
        blank=True,
        help_text="For example the social worker, or the Virtual School headteacher for a looked-after pupil",
    )
    no_parent_reason = models.TextField(
        "why no parent or carer with parental responsibility is on record",
        blank=True,
        help_text="Only when the pupil's record has none (R-7.2)",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Referral meeting on {self.held_on:%-d %B %Y}"


class Agreement(models.Model):
    """R-7.3: the agreement between the school and the parents or carers."""

    class Response(models.TextChoices):
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="agreement")
    responsibilities = models.TextField("responsibilities for supporting the pupil")
    contact_timescales = models.TextField(
        "contact between school, provider and home, and how often"
    )
    safeguarding_route = models.TextField(
        "how the provider shares safeguarding concerns",
        help_text="Providers raise any safeguarding concern about the pupil with the school's DSL (policy 11)",
    )
    maximum_weeks = models.PositiveSmallIntegerField("maximum period of the placement (weeks)")
    response = models.CharField(
        "the parents' or carers' response", max_length=10, choices=Response.choices
    )
    responded_on = DoneDateField("date of the response")
    refusal_reason = models.TextField("what they said", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Agreement: {self.get_response_display().lower()} on {self.responded_on:%-d %B %Y}"
