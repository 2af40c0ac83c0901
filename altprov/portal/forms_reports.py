"""Forms of what a provider submits besides attendance (issue 9): the termly report (R-12.1), a
serious incident (R-12.3) and the audit self-assessment a school asked for (R-5.3)."""

import datetime as dt

from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm


def _text(label: str, message: str, *, rows: int = 5, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


class PortalReportForm(GovukForm):
    """R-12.1: the termly report, in the policy's three parts."""

    academic_progress = _text("Academic progress", "Enter the pupil's academic progress this term")
    behaviour = _text("Behaviour", "Enter the pupil's behaviour this term")
    welfare = _text("Welfare", "Enter the pupil's welfare this term")


class PortalIncidentForm(GovukForm):
    """R-12.3: a serious incident, with the action the provider took."""

    occurred_on = GovukDateField(label="Date of the incident", done=True)
    what_happened = _text("What happened", "Enter what happened")
    provider_action = _text("Action you have taken", "Enter the action you have taken", rows=4)

    def __init__(self, *args, placement, **kwargs):
        self.placement = placement
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("occurred_on")
        started = self.placement.started_on or self.placement.start_date
        if isinstance(day, dt.date) and day < started:
            self.add_error(
                "occurred_on",
                f"The date of the incident must be on or after the start of the placement, "
                f"{started:%-d %B %Y}",
            )
        return cleaned


def field_name(key: str) -> str:
    return key.replace(".", "__")


class SelfAssessmentForm(GovukForm):
    """The provider's own answer to each question of the sections a school asked for. The
    appendix's hints are guidance for the school's visitor ("look at books"), so not shown."""

    def __init__(self, *args, questions, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = []
        layout = []
        for section, keyed in questions:
            names = []
            for key, question in keyed:
                name = field_name(key)
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=answers[key].answer if key in answers else "",
                )
                self.keys.append(key)
                names.append(name)
            layout.append(
                Fieldset(
                    *names,
                    legend=section.title,
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict:
        return {key: self.cleaned_data[field_name(key)] for key in self.keys}

    def add_service_errors(self, errors: dict) -> None:
        for key, messages in errors.items():
            name = field_name(key)
            self.add_error(name if name in self.fields else None, messages)
