from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateTimeField
from altprov.core.versions import VersionedModel
from altprov.providers.models import Provider, YesNo, YesNoNotApplicable


class ProviderAudit(VersionedModel):
    """One version of Appendix 1, the audit and risk assessment of a provider by a school
    (R-5.3). The DSL confirms the safeguarding section and the Headteacher signs it off (R-5.4);
    then it is read-only, and a new audit is a new version."""

    class Registration(models.TextChoices):
        REGISTERED = "registered", "Registered"
        UNREGISTERED = "unregistered", "Unregistered"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="audits")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="provider_audits"
    )
    version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Visit details
    visit_at = DoneDateTimeField("date and time of visit to AP", null=True, blank=True)

    # Checks undertaken on provider's registration status
    registration_status = models.CharField(
        "status of registration", max_length=20, choices=Registration.choices, blank=True
    )
    on_la_list = models.CharField(
        "is the provider on the LA providers list", max_length=3, choices=YesNo.choices, blank=True
    )
    dfe_number = models.CharField("DfE number", max_length=20, blank=True)
    ofsted_inspection_date = models.CharField(
        "the date of Ofsted inspection", max_length=40, blank=True
    )
    ofsted_grading = models.CharField("the Ofsted grading", max_length=200, blank=True)
    ofsted_safeguarding = models.CharField(
        "the Ofsted judgement of safeguarding", max_length=200, blank=True
    )

    # Provision profile
    pupil_places = models.PositiveIntegerField(
        "number of pupil places available", null=True, blank=True
    )
    key_stages = models.CharField("key stages available", max_length=40, blank=True)
    adults_over_18 = models.CharField(
        "does the provision offer places to adults over the age of 18",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
    )
    gcse_english_maths = models.CharField(
        "does the provision offer English and maths at GCSE",
        max_length=3,
        choices=YesNoNotApplicable.choices,
        blank=True,
    )
    gcse_five_or_more = models.CharField(
        "does the provision offer five or more subjects at GCSE",
        max_length=3,
        choices=YesNoNotApplicable.choices,
        blank=True,
    )
    exam_centre = models.CharField(
        "is the provision a registered exam centre",
        max_length=3,
        choices=YesNoNotApplicable.choices,
        blank=True,
    )
    exam_centre_number = models.CharField("exam centre number", max_length=10, blank=True)

    # Unregistered providers only: the answers are AuditAnswer rows with keys "unregistered.*";
    # the counts the provider gives are kept as numbers too, for the registration threshold.
    reported_full_time_pupils = models.PositiveIntegerField(
        "full-time pupils of compulsory school age, from every school and local authority",
        null=True,
        blank=True,
    )
    reported_full_time_looked_after = models.PositiveIntegerField(
        "of them, looked after", null=True, blank=True
    )
    reported_full_time_ehcp = models.PositiveIntegerField(
        "of them, with an EHC plan", null=True, blank=True
    )
    reported_full_time_sen_support = models.PositiveIntegerField(
        "of them, with special educational needs but no EHC plan", null=True, blank=True
    )

    # Audit outcomes
    suitable = models.BooleanField("is this AP considered suitable for use", null=True, blank=True)
    outcome_reason = models.TextField("the reason for your judgement", blank=True)
    sit_discussion = models.TextField(
        "discussions around decision making, and involvement from the School Improvement Team",
        blank=True,
    )

    # Sign-off
    dsl_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dsl_confirmed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "school", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "school", "version"], name="one_audit_version_per_school"
            ),
            # At most one audit in progress per provider and school.
            models.UniqueConstraint(
                fields=["provider", "school"],
                condition=models.Q(signed_off_at__isnull=True),
                name="one_draft_audit_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.provider} by {self.school}, version {self.version}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def for_unregistered(self) -> bool:
        status = self.registration_status or self.provider.registration_status
        return status == self.Registration.UNREGISTERED

    @property
    def key_stage_list(self) -> list[str]:
        return [k for k in self.key_stages.split(",") if k]


class AuditPerson(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", "Staff involved in the visit"
        COMPLETED_BY = "completed_by", "Audit completed by"

    audit = models.ForeignKey(ProviderAudit, on_delete=models.CASCADE, related_name="people")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150)

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class AuditDocument(models.Model):
    """One of the eleven policy documents of Appendix 1: 'yes, seen' or 'no', with a link or
    uploaded evidence."""

    class Answer(models.TextChoices):
        SEEN = "seen", "Yes, seen"
        NO = "no", "No"

    audit = models.ForeignKey(ProviderAudit, on_delete=models.CASCADE, related_name="documents")
    key = models.CharField(max_length=40)
    answer = models.CharField(max_length=4, choices=Answer.choices, blank=True)
    link = models.URLField("link to the policy", blank=True)
    evidence = models.ForeignKey(
        "evidence.EvidenceFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "key"], name="one_answer_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.get_answer_display() or 'not answered'}"


class AuditAnswer(models.Model):
    """The answer to one question: the unregistered-provider questions ('unregistered.*', with
    findings only) and the four audit sections ('safeguarding.*', ...), each with findings and
    evidence, concern, and next steps."""

    audit = models.ForeignKey(ProviderAudit, on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(max_length=60)
    findings = models.TextField("answer/findings", blank=True)
    concern = models.TextField("concern", blank=True)
    next_steps = models.TextField("next steps", blank=True)
    evidence = models.ForeignKey(
        "evidence.EvidenceFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "key"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return self.key


class AuditAction(models.Model):
    """A next step from the audit, tracked to done with an owner and a due date (R-5.6)."""

    audit = models.ForeignKey(ProviderAudit, on_delete=models.CASCADE, related_name="actions")
    question_key = models.CharField(max_length=60)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_actions",
    )
    due_on = models.DateField("due date", null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField("what was done", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question_key"], name="one_action_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class SelfAssessmentRequest(models.Model):
    """Issue 9: a school asks the provider to answer chosen sections of the Appendix 1 audit
    before the visit (R-5.3). The provider's answers are kept apart from the school's, which
    still decides and signs off (R-5.4). Closed when the provider submits it."""

    audit = models.ForeignKey(
        ProviderAudit, on_delete=models.CASCADE, related_name="self_assessment_requests"
    )
    sections = models.JSONField("sections asked for", default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Nothing asked twice: one open request per audit.
            models.UniqueConstraint(
                fields=["audit"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_self_assessment_request",
            )
        ]

    def __str__(self) -> str:
        return f"Self-assessment asked of {self.audit.provider} by {self.audit.school}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class SelfAssessmentAnswer(models.Model):
    """The provider's own answer to one question of a requested section (never the school's)."""

    request = models.ForeignKey(
        SelfAssessmentRequest, on_delete=models.CASCADE, related_name="answers"
    )
    key = models.CharField(max_length=60)
    answer = models.TextField("the provider's answer", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "key"], name="one_self_assessment_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.key
