import datetime as dt

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm

from .models import AgreementReview


class ReviewForm(GovukForm):
    def __init__(self, *args, placement, today: dt.date, **kwargs):
        self.placement, self.today = placement, today
        super().__init__(*args, **kwargs)

    held_on = GovukDateField(label="Date of the review", done=True)
    attended = forms.CharField(
        label="Who attended",
        help_text="Names and roles: for example the AP Lead, the parent or carer, the pupil and the provider",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter who attended the review"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=AgreementReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the review"},
    )
    notes = forms.CharField(
        label="What was discussed and agreed",
        help_text="Progress against the plan's objectives, any change to the agreement, and who does what next",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was discussed and agreed"},
    )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        started = self.placement.started_on or self.placement.start_date
        if held_on < started:
            raise forms.ValidationError(
                f"The date of the review must be on or after the start of the placement, "
                f"{started:%-d %B %Y}"
            )
        return held_on
