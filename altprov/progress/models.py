"""Records kept on a placement while the pupil attends: progress against each objective of the
plan (R-11.1), the pastoral contact log (R-10.4), the SENDCo's records (R-10.8) and the
Assessment Lead's examination arrangements (R-10.7)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField


class Recorded(models.Model):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ObjectiveProgress(Recorded):
    """R-11.1: a dated check of progress against one objective of the placement's plan."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        SOME = "some", "Some progress"
        NONE = "none", "No progress"
        ACHIEVED = "achieved", "Achieved"

    objective = models.ForeignKey(
        "placements.PlanObjective", on_delete=models.PROTECT, related_name="progress"
    )
    checked_on = DoneDateField("date of the progress check")
    status = models.CharField("progress", max_length=10, choices=Status.choices)
    evidence = models.TextField("evidence")
    next_step = models.TextField("next step", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.checked_on:%-d %B %Y}"

    COLOURS = {"on_track": "green", "some": "yellow", "none": "red", "achieved": "blue"}

    @property
    def colour(self) -> str:
        return self.COLOURS[self.status]


class PastoralContact(Recorded):
    """R-10.4: a contact with the pupil by the placement's pastoral contact or the AP Lead."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"

    class Place(models.TextChoices):
        PROVIDER = "provider", "At the provider"
        SCHOOL = "school", "At school"
        HOME = "home", "At home"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="pastoral_contacts"
    )
    contacted_on = DoneDateField("date of the contact")
    method = models.CharField("how", max_length=10, choices=Method.choices)
    place = models.CharField("where the pupil was", max_length=10, choices=Place.choices)
    notes = models.TextField("notes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.contacted_on:%-d %B %Y}"


# The SENDCo's records: SEND detail, shown only to those who may see it -----------------


class SendDocumentShare(Recorded):
    """R-10.8: a SEND document shared with the provider."""

    class Document(models.TextChoices):
        EHCP = "ehcp", "Education, health and care plan (EHCP)"
        IEP = "iep", "Individual education plan (IEP)"
        PASSPORT = "passport", "Pupil passport"

    class Method(models.TextChoices):
        SECURE_EMAIL = "secure_email", "Secure email"
        SECURE_TRANSFER = "secure_transfer", "Secure file transfer"
        IN_PERSON = "in_person", "By hand, in person"
        POST = "post", "Post"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="send_documents"
    )
    document = models.CharField("which document", max_length=10, choices=Document.choices)
    shared_on = DoneDateField("date shared")
    method = models.CharField("how it was shared", max_length=20, choices=Method.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-shared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} shared on {self.shared_on:%-d %B %Y}"


class ProviderRecommendation(Recorded):
    """R-10.8: a referral the provider recommends (to a service or for an assessment), and the
    action the school takes."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="send_recommendations"
    )
    what = models.TextField("the referral the provider recommends")
    recommended_on = DoneDateField("date recommended")
    action = models.TextField("the action taken")

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-recommended_on", "-pk"]

    def __str__(self) -> str:
        return f"Recommended on {self.recommended_on:%-d %B %Y}"


class EhcpDate(Recorded):
    """R-10.8: the date of the pupil's EHCP, or of its last annual review before the placement,
    from which the first annual review during the placement falls due."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="ehcp_date"
    )
    dated = DoneDateField("date of the EHCP or of its last annual review")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"EHCP dated {self.dated:%-d %B %Y}"


class EhcpAnnualReview(Recorded):
    """R-10.8: an annual review of the EHCP held during the placement; the next is due 12
    months after it."""

    class Outcome(models.TextChoices):
        MAINTAIN = "maintain", "Keep the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Stop maintaining the plan"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="ehcp_reviews"
    )
    held_on = DoneDateField("date the review was held")
    outcome = models.CharField("recommended outcome", max_length=10, choices=Outcome.choices)
    notes = models.TextField("notes", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"EHCP annual review held on {self.held_on:%-d %B %Y}"


class ExamArrangement(Recorded):
    """R-10.7: the public examination arrangements for the pupil in one exam series, recorded by
    the Assessment Lead."""

    class Where(models.TextChoices):
        SCHOOL = "school", "At school"
        PROVIDER = "provider", "At the provider"
        OTHER = "other", "At another exam centre"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="exam_arrangements"
    )
    series = models.CharField("exam series", max_length=100)
    entries = models.TextField("subjects and entries")
    access_arrangements = models.TextField("access arrangements", blank=True)
    where = models.CharField("where the pupil sits the exams", max_length=10, choices=Where.choices)
    centre = models.CharField("name of the exam centre", max_length=200, blank=True)
    centre_confirmed_on = DoneDateField("date the exam centre confirmed", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "pk"]

    def __str__(self) -> str:
        return self.series
