import datetime as dt

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that name the field."""

    def __init__(self, *, label: str, min_year: int = 2000, max_year: int = 2100, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        kwargs.setdefault("require_all_fields", False)
        super().__init__(label=label, **kwargs)
        name = label[0].lower() + label[1:]
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
        try:
            value = dt.date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise ValidationError(
                f"The {self.name_in_messages} must be a real date, like 5 9 2026"
            ) from None
        if not self.min_year <= value.year <= self.max_year:
            raise ValidationError(
                f"The {self.name_in_messages} must be a year from {self.min_year} to {self.max_year}"
            )
        return value
