from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm

from .models import ChronologyEntry

Kind = ChronologyEntry.Kind


class KindForm(GovukForm):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are recording"},
    )


SUMMARY_LABELS = {
    Kind.INTERNAL_INTERVENTION: "What was the intervention?",
    Kind.EXTERNAL_AGENCY: "What was the referral or work?",
    Kind.MEETING: "What was the meeting?",
    Kind.DECISION: "What was decided?",
    Kind.PARENT_REFUSAL: "What did the parent or carer refuse?",
    Kind.NOTE: "Summary",
}


class EntryForm(GovukForm):
    """One chronology entry; the fields follow its type (R-6.2)."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"] = GovukDateField(label="Date", min_year=2000, done=True)
        self.fields["summary"] = forms.CharField(
            label=SUMMARY_LABELS[kind],
            max_length=200,
            error_messages={"required": f"Enter {SUMMARY_LABELS[kind][:-1].lower()}"},
        )
        if kind == Kind.EXTERNAL_AGENCY:
            self.fields["agency"] = forms.ChoiceField(
                label="Which agency?",
                choices=ChronologyEntry.Agency.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Select the agency"},
            )
        self.fields["detail"] = forms.CharField(
            label="Details (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
        )
        if kind in (Kind.INTERNAL_INTERVENTION, Kind.EXTERNAL_AGENCY):
            self.fields["impact"] = forms.CharField(
                label="What was the impact?",
                help_text="On the pupil's engagement, behaviour, attendance or welfare. A referral to "
                "AP rests on interventions and their impact (policy section 6).",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=kind == Kind.INTERNAL_INTERVENTION,
                error_messages={"required": "Enter the impact of the intervention"},
            )
        self.fields["safeguarding"] = forms.BooleanField(
            label="This entry contains safeguarding information",
            help_text="Only the DSL, Headteacher, AP Lead and trust safeguarding lead will see it",
            required=False,
        )
        self.build_helper()
