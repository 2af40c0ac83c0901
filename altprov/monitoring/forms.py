import datetime as dt

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm

from .models import ContinuationDecision, FormalReview


def _text(label: str, message: str, *, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


def _line(label: str, message: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, max_length=200, error_messages={"required": message}
    )


class _PlacementForm(GovukForm):
    """A form about an attending placement: its dates cannot be before the placement started."""

    date_field = ""
    date_name = ""

    def __init__(self, *args, placement, **kwargs):
        self.placement = placement
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get(self.date_field)
        started = self.placement.started_on or self.placement.start_date
        if isinstance(day, dt.date) and day < started:
            self.add_error(
                self.date_field,
                f"The {self.date_name} must be on or after the start of the placement, "
                f"{started:%-d %B %Y}",
            )
        return cleaned


class ReportForm(_PlacementForm):
    date_field, date_name = "received_on", "date the report was received"
    received_on = GovukDateField(label="Date the report was received", done=True)
    received_from = _line(
        "Who sent it",
        "Enter who sent the report",
        help_text="Name and role at the provider",
    )
    academic_progress = _text("Academic progress", "Enter what the report says about progress")
    behaviour = _text("Behaviour", "Enter what the report says about behaviour")
    welfare = _text("Welfare", "Enter what the report says about welfare")


class VisitForm(_PlacementForm):
    date_field, date_name = "visited_on", "date of the visit"
    visited_on = GovukDateField(label="Date of the visit", done=True)
    visited_by = _line(
        "Who visited",
        "Enter who visited",
        help_text="Names and roles: for example the AP Lead or another suitable member of staff",
    )
    what_was_seen = _text("What was seen", "Enter what was seen", rows=5)
    pupil_view = _text("The pupil's view", "Enter the pupil's view")


class IncidentForm(_PlacementForm):
    date_field, date_name = "occurred_on", "date of the incident"
    occurred_on = GovukDateField(label="Date of the incident", done=True)
    reported_by = _line(
        "Who at the provider reported it",
        "Enter who at the provider reported the incident",
        help_text="Name and role",
    )
    what_happened = _text("What happened", "Enter what happened", rows=5)
    provider_action = _text(
        "Action taken by the provider", "Enter the action taken by the provider"
    )


class DecisionForm(GovukForm):
    decision = _text("Decision", "Enter the decision", rows=5)

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = label
        self.fields["decision"].error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"


class FormalReviewForm(_PlacementForm):
    date_field, date_name = "held_on", "date of the meeting"
    held_on = GovukDateField(label="Date of the meeting", done=True)
    attended = forms.MultipleChoiceField(
        label="Who attended",
        help_text="Select all that apply. The Headteacher or the AP Lead attends (R-12.4)",
        choices=FormalReview.Attendee.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who attended the meeting"},
    )
    progress = _text("The pupil's progress", "Enter the pupil's progress", rows=5)
    improved = forms.TypedChoiceField(
        label="Has the pupil's progress improved since the last formal review?",
        help_text="For the first formal review: since the placement began to cause concern",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the pupil's progress has improved"},
    )
    actions = _text("Actions agreed", "Enter the actions agreed", rows=4)

    def clean_attended(self):
        attended = self.cleaned_data["attended"]
        if not {"headteacher", "ap_lead"} & set(attended):
            raise forms.ValidationError("The Headteacher or the AP Lead must attend the meeting")
        return attended


class ContinuationForm(GovukForm):
    decision = forms.ChoiceField(
        label="Does the placement continue or end?",
        choices=ContinuationDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the placement continues or ends"},
    )
    rationale = _text("The reasons for the decision", "Enter the reasons for the decision", rows=5)


class EarlyEndForm(_PlacementForm):
    date_field, date_name = "ended_on", "date the placement ended"
    ended_on = GovukDateField(label="Date the placement ended", done=True)
    reason = _text("The safeguarding concerns", "Enter the safeguarding concerns", rows=5)
    dsl_informed_on = GovukDateField(label="Date the DSL was informed", done=True)
