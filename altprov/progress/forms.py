import datetime as dt

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm

from .models import ObjectiveProgress


class _OnThePlacement(GovukForm):
    """A record of something done during the placement: dated today or earlier (the date field)
    and not before the placement started."""

    date_field = ""

    def __init__(self, *args, placement, **kwargs):
        self.placement = placement
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        day = data.get(self.date_field)
        started = self.placement.started_on or self.placement.start_date
        if isinstance(day, dt.date) and day < started:
            label = self.fields[self.date_field].label.lower()
            self.add_error(
                self.date_field,
                f"The {label} must be on or after the start of the placement, {started:%-d %B %Y}",
            )
        return data


class ProgressForm(_OnThePlacement):
    date_field = "checked_on"

    checked_on = GovukDateField(label="Date of the progress check", done=True)
    status = forms.ChoiceField(
        label="Progress against the objective",
        choices=ObjectiveProgress.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the progress against the objective"},
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What shows the progress: the provider's report, work seen, attendance, what the pupil said",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the evidence of progress"},
    )
    next_step = forms.CharField(
        label="Next step (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
