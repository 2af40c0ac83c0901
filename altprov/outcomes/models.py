"""Reintegration, endings and outcomes (policy section 13, R-13.1 to R-13.3, R-6.5).

The records that come before a return to school (the meeting with the provider, the plan, the
provider's final report and the pupil's views), how the placement ended, what happened after
(continued support, the follow-up with the attendance since the return, the outcome and
destination) and the pupil's own view of the placement over time (a short scaled questionnaire
whose questions the trust sets)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField

USER = settings.AUTH_USER_MODEL
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class _Recorded(models.Model):
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ReintegrationMeeting(_Recorded):
    """R-13.1: the meeting with the provider at which the reintegration plan is developed."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="reintegration_meeting"
    )
    held_on = DoneDateField("date of the meeting")
    attended = models.TextField("who attended")
    provider_representative = models.CharField("the provider's representative", max_length=200)
    notes = models.TextField("what was discussed", blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reintegration meeting held on {self.held_on:%-d %B %Y}"


class ReintegrationPlan(_Recorded):
    """R-13.1: objectives on return for attendance and behaviour, the support the school will give,
    the planned return date and the dates of the follow-up reviews."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="reintegration_plan"
    )
    attendance_objective = models.TextField("objective on return for attendance")
    behaviour_objective = models.TextField("objective on return for behaviour")
    school_support = models.TextField("the support the school will give")
    planned_return_on = models.DateField("planned return date")
    first_review_on = models.DateField("date of the first follow-up review")
    second_review_on = models.DateField(
        "date of the second follow-up review", null=True, blank=True
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reintegration plan: return on {self.planned_return_on:%-d %B %Y}"


class FinalReport(_Recorded):
    """R-13.2: the provider's final report on the pupil's achievements during the placement."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="final_report"
    )
    received_on = DoneDateField("date the report was received")
    attainment_and_progress = models.TextField("academic attainment and progress")
    attendance_record = models.TextField("attendance record")
    behaviour_change = models.TextField("evidence of a change in behaviour")
    document = models.ForeignKey(
        "evidence.EvidenceFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Final report received on {self.received_on:%-d %B %Y}"


class PupilViews(_Recorded):
    """R-13.2: the pupil's views on returning, recorded by the AP Lead with the pupil."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="pupil_views"
    )
    discussed_on = DoneDateField("date the views were given")
    views = models.TextField("the pupil's views on returning to school")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"The pupil's views, {self.discussed_on:%-d %B %Y}"


class Ending(_Recorded):
    """R-13.3: how a placement ended through this app (reintegration or another ending), with the
    detail each reason needs. Safeguarding and lack of progress end in the monitoring app."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="ending"
    )
    ended_on = DoneDateField("date the placement ended")
    reason = models.CharField("why the placement ended", max_length=30)
    detail = models.TextField("details", blank=True)
    decided_on = DoneDateField("date of the decision", null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Ended on {self.ended_on:%-d %B %Y}"


class ContinuedSupport(_Recorded):
    """R-13.3: support given to the pupil after the return, dated, with who gave it."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="continued_support"
    )
    given_on = DoneDateField("date of the support")
    support = models.TextField("what support was given")
    given_by = models.CharField("who gave it", max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Support on {self.given_on:%-d %B %Y}"


class ReturnFollowUp(_Recorded):
    """R-13.3: the follow-up at the end of the first half term back, with the pupil's attendance
    at school over it (from the school's MIS). Once per placement."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="return_follow_up"
    )
    held_on = DoneDateField("date of the follow-up")
    attendance_after = models.DecimalField(
        "attendance at school over the first half term back (%)",
        max_digits=4,
        decimal_places=1,
        validators=PERCENT,
    )
    how_it_is_going = models.TextField("how the return is going")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Follow-up on {self.held_on:%-d %B %Y}"


class Outcome(_Recorded):
    """R-13.3, R-6.5: the placement's outcome, recorded once after it ends."""

    class Destination(models.TextChoices):
        FULL_TIME = "school_full_time", "Returned to the school full time"
        PART_TIME = "school_part_time", "Returned to the school part time, with continued support"
        OTHER_SCHOOL = "other_school", "Moved to another school"
        OTHER_AP = "other_ap", "Another alternative provision placement"
        SPECIALIST = "specialist", "Special school or specialist provision"
        FURTHER_EDUCATION = "further_education", "Further education or training (post-16)"
        EMPLOYMENT = "employment", "Employment with training"
        NEET = "neet", "Not in education, employment or training (NEET)"
        UNKNOWN = "unknown", "Moved away or not known"

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="outcome"
    )
    destination = models.CharField("destination", max_length=30, choices=Destination.choices)
    qualifications = models.TextField("qualifications gained", blank=True)
    achievements = models.TextField("other achievements", blank=True)
    progress_summary = models.TextField("summary of the pupil's progress")
    pupil_assessment = models.TextField("the pupil's own assessment of the placement")
    attendance_before = models.DecimalField(
        "attendance at school in the term before the placement (%)",
        max_digits=4,
        decimal_places=1,
        validators=PERCENT,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.get_destination_display()


class ViewQuestion(models.Model):
    """R-6.5: a question of the trust's questionnaire asking pupils about their placement."""

    trust = models.ForeignKey(
        "organisations.Trust", on_delete=models.CASCADE, related_name="view_questions"
    )
    wording = models.CharField("question", max_length=200)
    position = models.PositiveSmallIntegerField(
        "order", validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    active = models.BooleanField("asked", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trust", "position", "pk"]

    def __str__(self) -> str:
        return self.wording


class ViewsResponse(_Recorded):
    """R-6.5: the pupil's answers to the questionnaire at one moment of the placement."""

    class Moment(models.TextChoices):
        START = "start", "At the start"
        REVIEW = "review", "At a review"
        END = "end", "At the end"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="views_responses"
    )
    moment = models.CharField("when", max_length=10, choices=Moment.choices)
    answered_on = DoneDateField("date the pupil answered")
    agreement_review = models.ForeignKey(
        "reviews.AgreementReview", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    formal_review = models.ForeignKey(
        "monitoring.FormalReview", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "answered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_moment_display()}: {self.answered_on:%-d %B %Y}"


class ViewsAnswer(models.Model):
    """One answer, keeping the wording the pupil answered: changing the trust's questions later
    never changes a past answer."""

    response = models.ForeignKey(ViewsResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        ViewQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wording = models.CharField("question", max_length=200)
    position = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.wording}: {self.score}"
