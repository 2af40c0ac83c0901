from django.db import models
from simple_history.models import HistoricalRecords

from altprov.organisations.models import School


class Pupil(models.Model):
    """A pupil on a school's roll (R-6.1). Fields are grouped by sensitivity (R-10.2): see
    `altprov.pupils.selectors.pupil_detail_for` for who sees which group."""

    class SendStatus(models.TextChoices):
        NONE = "none", "No special educational needs"
        SEN_SUPPORT = "sen_support", "SEN support"
        EHCP = "ehcp", "Education, health and care plan"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    date_of_birth = models.DateField("date of birth")
    upn = models.CharField("unique pupil number (UPN)", max_length=13)
    year_group = models.PositiveSmallIntegerField(
        "year group", help_text="National curriculum year: 0 is Reception"
    )
    # SEND detail
    send_status = models.CharField(
        "SEND status", max_length=20, choices=SendStatus.choices, default=SendStatus.NONE
    )
    # Safeguarding detail
    looked_after = models.BooleanField("looked after", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "upn"], name="one_pupil_per_upn_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def year_group_label(self) -> str:
        return "Reception" if self.year_group == 0 else f"Year {self.year_group}"
