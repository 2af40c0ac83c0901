from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.organisations.models import School


class AcademicYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="academic_years")
    start = models.DateField("first day")
    end = models.DateField("last day")

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start"], name="one_academic_year_per_start"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start.year} to {self.end.year}"

    @property
    def name(self) -> str:
        return str(self)

    def clean(self) -> None:
        if self.start and self.end:
            if self.end <= self.start:
                raise ValidationError({"end": "The last day must be after the first day"})
            if (self.end - self.start).days >= 366:
                raise ValidationError({"end": "An academic year cannot be longer than a year"})
            if self.school_id:
                overlapping = AcademicYear.objects.filter(
                    school_id=self.school_id, start__lte=self.end, end__gte=self.start
                ).exclude(pk=self.pk)
                if overlapping.exists():
                    raise ValidationError(
                        "These dates overlap another academic year of this school"
                    )


class Term(models.Model):
    """A term with its half-term break: school days run from start to the day before the break and
    from the day after the break to end. Its two half terms are derived from those four dates."""

    class Name(models.TextChoices):
        AUTUMN = "autumn", "Autumn term"
        SPRING = "spring", "Spring term"
        SUMMER = "summer", "Summer term"

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=10, choices=Name.choices)
    start = models.DateField("first day of term")
    half_term_break_start = models.DateField("first day of the half-term break")
    half_term_break_end = models.DateField("last day of the half-term break")
    end = models.DateField("last day of term")

    history = HistoricalRecords()

    class Meta:
        ordering = ["academic_year", "start"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "name"], name="one_term_of_each_name")
        ]

    def __str__(self) -> str:
        return f"{self.get_name_display()} {self.start.year}"

    def clean(self) -> None:
        dates = [self.start, self.half_term_break_start, self.half_term_break_end, self.end]
        if not all(dates):
            return
        if not self.start < self.half_term_break_start:
            raise ValidationError(
                {
                    "half_term_break_start": "The half-term break must start after the first day of term"
                }
            )
        if not self.half_term_break_start <= self.half_term_break_end:
            raise ValidationError(
                {
                    "half_term_break_end": "The half-term break must end on or after the day it starts"
                }
            )
        if not self.half_term_break_end < self.end:
            raise ValidationError({"end": "The last day of term must be after the half-term break"})
        year = self.academic_year if self.academic_year_id else None
        if year is not None:
            if self.start < year.start or self.end > year.end:
                raise ValidationError(
                    f"The term must fall within the academic year {year} "
                    f"({year.start:%-d %B %Y} to {year.end:%-d %B %Y})"
                )
            clash = Term.objects.filter(
                academic_year__school_id=year.school_id, start__lte=self.end, end__gte=self.start
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError("These dates overlap another term")


class ClosureDay(models.Model):
    """A day in term when the school is closed to pupils."""

    class Kind(models.TextChoices):
        INSET = "inset", "INSET (training) day"
        CLOSURE = "closure", "Other planned closure"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    kind = models.CharField("type of day", max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "date"], name="one_closure_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%-d %B %Y}"
