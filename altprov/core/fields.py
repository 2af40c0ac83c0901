"""Date fields for forms and models.

A date that records something as done (sent, received, held, signed, shared, assessed, visited,
told, born...) cannot be in the future. Forms use `GovukDateField(..., done=True)`; models use
`DoneDateField` / `DoneDateTimeField`, which refuse a future date on every save, so a service
cannot record one either, whichever page or command calls it. Dates of planned things (a start
date, a planned end, a review or renewal due) stay plain `DateField`s."""

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import signals
from django.utils import timezone

# The largest whole number every supported database stores in an integer column: PostgreSQL's
# `integer` (SQLite's is 2**63 - 1). Numbers from forms and imports above it are refused with a
# message, never left to fail at save.
MAX_INTEGER = 2_147_483_647


def done_date_problem(value, name: str) -> str | None:
    """The message for a date of something done that is after today, naming the field."""
    if value is None:
        return None
    day = timezone.localdate(value) if isinstance(value, dt.datetime) else value
    if day > timezone.localdate():
        return f"The {name} must be today or in the past"
    return None


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that name the field.

    `done=True` for the date of something that has happened: a date after today is refused."""

    def __init__(
        self,
        *,
        label: str,
        min_year: int = 2000,
        max_year: int = 2100,
        done: bool = False,
        **kwargs,
    ):
        self.min_year, self.max_year, self.done = min_year, max_year, done
        kwargs.setdefault("require_all_fields", False)
        super().__init__(label=label, **kwargs)
        name = label[0].lower() + label[1:].removesuffix(" (optional)")
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"Enter the {name} as a day, month and year"
        self.name_in_messages = name
        for part, sub in zip(("day", "month", "year"), self.fields, strict=True):
            sub.error_messages["incomplete"] = f"The {name} must include a {part}"
            for validator in sub.validators:
                validator.message = f"The {name} must be a real date, like 5 9 2026"
        if not self.help_text:
            self.help_text = "For example, 5 9 2026"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        name = self.name_in_messages
        # A year of any size is text of digits until here: it is checked before it becomes a
        # date, so 10**30 is a field error, not an OverflowError.
        year = str(year)
        if not (year.isascii() and year.isdigit() and len(year) <= 4) or not (
            self.min_year <= int(year) <= self.max_year
        ):
            raise ValidationError(
                f"The {name} must be a year from {self.min_year} to {self.max_year}"
            )
        try:
            value = dt.date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError):
            raise ValidationError(f"The {name} must be a real date, like 5 9 2026") from None
        if self.done and (problem := done_date_problem(value, name)):
            raise ValidationError(problem)
        return value


class _DoneMixin:
    """Refuses a future value on every save (and in full_clean), so every service refuses one.
    It deconstructs as the plain Django field: the rule is behaviour, not schema, so it needs no
    migration."""

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if problem := done_date_problem(value, self.verbose_name):
            raise ValidationError(problem, code="future")

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            signals.pre_save.connect(
                self._refuse_future, sender=cls, weak=False, dispatch_uid=(id(self), cls)
            )

    def _refuse_future(self, sender, instance, raw=False, update_fields=None, **kwargs):
        """Before every save, ahead of any query: a refusal leaves the transaction usable."""
        if raw or (update_fields is not None and self.name not in update_fields):
            return
        value = self.to_python(getattr(instance, self.attname))
        if problem := done_date_problem(value, self.verbose_name):
            raise ValidationError({self.name: problem})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, f"django.db.models.{self._plain.__name__}", args, kwargs


class DoneDateField(_DoneMixin, models.DateField):
    """The date something was done: today or earlier."""

    _plain = models.DateField


class DoneDateTimeField(_DoneMixin, models.DateTimeField):
    """The date and time something was done: on today or earlier."""

    _plain = models.DateTimeField
