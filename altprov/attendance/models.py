"""Attendance marks, absences and what the school does about them (R-10.6, R-12.6)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.fields import DoneDateField, DoneDateTimeField

from .codes import CODES


class Session(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


CODE_CHOICES = [(c.code, c.label) for c in CODES.values()]


class AttendanceMark(models.Model):
    """R-10.6: one mark per placement per school day per session, with a 2024 code. A later
    correction changes the mark and the earlier one stays in its history (who and when)."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="attendance_marks"
    )
    date = DoneDateField("date")
    session = models.CharField("session", max_length=2, choices=Session.choices)
    code = models.CharField("code", max_length=2, choices=CODE_CHOICES)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["placement", "date", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "date", "session"], name="one_mark_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.date:%-d %B %Y} ({self.get_session_display().lower()})"


class AbsenceNotification(models.Model):
    """R-10.6: the provider's daily notification of an absence, recorded by staff."""

    class Sessions(models.TextChoices):
        AM = "AM", "Morning"
        PM = "PM", "Afternoon"
        BOTH = "both", "Morning and afternoon"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="absence_notifications"
    )
    date = DoneDateField("date of the absence")
    sessions = models.CharField("sessions", max_length=4, choices=Sessions.choices)
    reason = models.TextField("reason given", blank=True)
    reason_accepted = models.BooleanField("the reason is accepted", default=False)
    notified_by = models.CharField("who notified the school", max_length=200)
    notified_at = DoneDateTimeField("when the school was told")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Absence notified for {self.date:%-d %B %Y}"


class FollowUp(models.Model):
    """R-10.6: an unauthorised absence is followed up (a call, a letter, a home visit); it stays
    open until its outcome is recorded. One per placement per day of absence, however many
    sessions or notifications that day."""

    class Method(models.TextChoices):
        CALL = "call", "Telephone call"
        LETTER = "letter", "Letter"
        HOME_VISIT = "home_visit", "Home visit"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="absence_follow_ups"
    )
    absence_date = DoneDateField("date of the absence")
    reason = models.CharField("why it is followed up", max_length=200)
    opened_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField("how", max_length=10, choices=Method.choices, blank=True)
    done_on = DoneDateField("date done", null=True, blank=True)
    outcome = models.TextField("outcome", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["absence_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "absence_date"], name="one_follow_up_per_absence_day"
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up of the absence on {self.absence_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class ParentContact(models.Model):
    """R-12.6: the school's contact with parents or carers about absence."""

    class Method(models.TextChoices):
        CALL = "call", "Telephone call"
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        HOME_VISIT = "home_visit", "Home visit"

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="parent_contacts"
    )
    done_on = DoneDateField("date of the contact")
    method = models.CharField("how", max_length=10, choices=Method.choices)
    notes = models.TextField("what was said and agreed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"Contact with parents on {self.done_on:%-d %B %Y}"


class Intervention(models.Model):
    """R-12.6: what the school does under its attendance policy when a placement's attendance
    is below the school's target."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="attendance_interventions"
    )
    done_on = DoneDateField("date of the intervention")
    attendance = models.DecimalField("attendance at the time (%)", max_digits=4, decimal_places=1)
    action = models.TextField("what the school is doing")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"Attendance intervention on {self.done_on:%-d %B %Y}"


class WeeklyUpdate(models.Model):
    """R-10.6: the week's attendance is updated in the school's records and sent to the AP Lead
    at least weekly; one record per school per week (its Monday), marked done."""

    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="attendance_updates"
    )
    week = models.DateField("week beginning")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(fields=["school", "week"], name="one_update_per_school_week")
        ]

    def __str__(self) -> str:
        return f"Weekly update for the week beginning {self.week:%-d %B %Y}"


class DailyAttendance(models.Model):
    """The number of sessions marked with each code in a school on a day: the marks summed up for
    the trust's and national dashboards (issue 10, P7). Derived, never entered: every write of
    marks refreshes it in its own transaction (`attendance.summary`), so it has no history."""

    school = models.ForeignKey(
        "organisations.School", on_delete=models.CASCADE, related_name="daily_attendance"
    )
    date = models.DateField("date")
    code = models.CharField("code", max_length=2, choices=CODE_CHOICES)
    sessions = models.PositiveIntegerField("sessions")

    class Meta:
        ordering = ["school", "date", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "date", "code"], name="one_count_per_school_day_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sessions} × {self.code} on {self.date:%-d %B %Y}"
