from django.db import models
from simple_history.models import HistoricalRecords

from altprov.audit.sensitivity import Flag, fields_under
from altprov.audit.shown import pupil_shown
from altprov.core.fields import DoneDateField
from altprov.core.versions import VersionedModel
from altprov.organisations.models import School


class Pupil(VersionedModel):
    """A pupil on a school's roll (R-6.1). Fields are grouped by sensitivity (R-10.2): general
    details everyone who may see the pupil sees; SEND detail and safeguarding detail only those
    whose roles need it. `altprov.pupils.selectors.pupil_view_for` says who sees which group, and
    SEND_FIELDS and SAFEGUARDING_FIELDS below name the fields in each.

    Every name the service prints comes from `full_name`, `short_name`, `sorted_name` or
    `str(pupil)`: each records the pupil as shown by the response being made, and the access log
    is written from that (X-1, altprov/audit/access.py). `first_name` and `last_name` are the
    stored fields, for forms, searching and sorting; templates and messages never print them."""

    class SendStatus(models.TextChoices):
        NONE = "none", "No special educational needs"
        SEN_SUPPORT = "sen_support", "SEN support"
        EHCP = "ehcp", "Education, health and care plan"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    date_of_birth = DoneDateField("date of birth")
    upn = models.CharField("unique pupil number (UPN)", max_length=13)
    year_group = models.PositiveSmallIntegerField(
        "year group", help_text="National curriculum year: 0 is Reception"
    )

    # SEND detail (VIEW_SEND_DETAIL)
    send_status = models.CharField(
        "SEND status", max_length=20, choices=SendStatus.choices, default=SendStatus.NONE
    )
    ehcp_local_authority = models.CharField(
        "local authority that maintains the EHCP", max_length=100, blank=True
    )
    la_caseworker_name = models.CharField("LA caseworker's name", max_length=100, blank=True)
    la_caseworker_email = models.EmailField("LA caseworker's email address", blank=True)
    la_caseworker_phone = models.CharField(
        "LA caseworker's phone number", max_length=30, blank=True
    )
    semh_needs = models.TextField("social, emotional and mental health (SEMH) needs", blank=True)
    medical_needs = models.TextField("medical needs", blank=True)
    needs_assessed_on = DoneDateField("date the needs were last assessed", null=True, blank=True)

    # Safeguarding detail (VIEW_SAFEGUARDING_DETAIL)
    looked_after = models.BooleanField("looked after", default=False)
    social_worker_name = models.CharField("social worker's name", max_length=100, blank=True)
    social_worker_phone = models.CharField(
        "social worker's phone number", max_length=30, blank=True
    )
    social_worker_email = models.EmailField("social worker's email address", blank=True)
    virtual_school_head_name = models.CharField(
        "Virtual School headteacher's name", max_length=100, blank=True
    )
    virtual_school_head_email = models.EmailField(
        "Virtual School headteacher's email address", blank=True
    )
    other_social_worker = models.TextField("other social worker", blank=True)

    history = HistoricalRecords()

    GENERAL_FIELDS = ("first_name", "last_name", "date_of_birth", "upn", "year_group")
    # The SEND and safeguarding groups are declared once, in altprov/audit/sensitivity.py.
    SEND_FIELDS = fields_under("pupils.pupil", Flag.SEND)
    # Shown in the history of changes and "what changed" (altprov/core/diffs.py), as on the page.
    VALUE_LABELS = {"year_group": {0: "Reception", **{n: f"Year {n}" for n in range(1, 14)}}}
    SAFEGUARDING_FIELDS = fields_under("pupils.pupil", Flag.SAFEGUARDING)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "upn"], name="one_pupil_per_upn_per_school")
        ]

    def __str__(self) -> str:
        return self.full_name

    def __repr__(self) -> str:
        return f"<Pupil {self.pk}>"  # no name in logs and tracebacks

    @property
    def full_name(self) -> str:
        """ "Alex Smith". Records the pupil as shown (X-1)."""
        pupil_shown(self)
        return f"{self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        """The first name alone, as in a letter to the family. Records the pupil as shown (X-1)."""
        pupil_shown(self)
        return self.first_name

    @property
    def provider_name(self) -> str:
        """ "Alex S.": what a provider is told (issue 9, R-11.2). Records the pupil as shown (X-1)."""
        pupil_shown(self)
        return f"{self.first_name} {self.last_name[:1]}."

    @property
    def sorted_name(self) -> str:
        """ "Smith, Alex", for lists in surname order. Records the pupil as shown (X-1)."""
        pupil_shown(self)
        return f"{self.last_name}, {self.first_name}"

    @property
    def year_group_label(self) -> str:
        return "Reception" if self.year_group == 0 else f"Year {self.year_group}"


class Carer(VersionedModel):
    """A parent or carer of a pupil, with their contact details (R-6.1). General detail: seen by
    everyone who may see the pupil. Versioned: an edit based on an old version is refused (X-5)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="carers")
    name = models.CharField("full name", max_length=200)
    relationship = models.CharField("relationship to the pupil", max_length=100)
    phone = models.CharField("phone number", max_length=30, blank=True)
    email = models.EmailField("email address", blank=True)
    address = models.TextField("address", blank=True)
    parental_responsibility = models.BooleanField("has parental responsibility", default=False)
    priority = models.PositiveSmallIntegerField(
        "contact order", default=1, help_text="1 is the first person to contact"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.name
