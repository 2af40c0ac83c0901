from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm, GovukModelForm
from altprov.core.versions import VersionedFormMixin

from .models import REASONS, Agreement, Referral, ReferralMeeting
from .rules import NO_PARENT


class ReasonsForm(VersionedFormMixin, GovukForm):
    reasons = forms.MultipleChoiceField(
        label="Why is the pupil being referred?",
        help_text="Select all that apply (policy section 4)",
        choices=REASONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one reason for the referral"},
    )
    other_reason = forms.CharField(
        label="Describe the other reason", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    route = forms.ChoiceField(
        label="Route",
        choices=Referral.Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the route"},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            "other" in (cleaned.get("reasons") or [])
            and not cleaned.get("other_reason", "").strip()
        ):
            self.add_error("other_reason", "Describe the other reason")
        return cleaned


class ConsultationForm(GovukForm):
    view = forms.CharField(
        label="Your view on the referral",
        help_text="What additional support or alternative placement may be required (policy section 8)",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your view on the referral"},
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Referral.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your decision"},
    )
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why you have decided this, in view of the chronology and the pupil's needs",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the rationale for your decision"},
    )


class MeetingForm(GovukModelForm):
    held_on = GovukDateField(label="Date of the meeting", done=True)

    class Meta:
        model = ReferralMeeting
        fields = [
            "held_on",
            "attendees",
            "pupil_attended",
            "parents_attended",
            "reasons_explained",
            "pupil_views",
            "parent_views",
            "other_stakeholders",
            "no_parent_reason",
        ]
        widgets = {
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "reasons_explained": forms.Textarea(attrs={"rows": 4}),
            "pupil_views": forms.Textarea(attrs={"rows": 3}),
            "parent_views": forms.Textarea(attrs={"rows": 3}),
            "other_stakeholders": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "attendees": {"required": "Enter who attended"},
            "reasons_explained": {
                "required": "Enter how the reasons for the referral were explained"
            },
            "pupil_views": {"required": "Enter the pupil's views"},
            "parent_views": {"required": "Enter the views of the parents or carers"},
        }

    def __init__(self, *args, parent_on_record: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if parent_on_record:
            del self.fields["no_parent_reason"]
        else:
            field = self.fields["no_parent_reason"]
            field.label = "Why is no parent or carer with parental responsibility on record?"
            field.help_text = (
                "For example, the local authority holds parental responsibility. Otherwise, add "
                "the parent or carer to the pupil's record first."
            )
            field.required = True
            field.error_messages["required"] = NO_PARENT
            field.widget = forms.Textarea(attrs={"rows": 2})
        self.build_helper()


class AgreementForm(GovukModelForm):
    responded_on = GovukDateField(label="Date of the parents' or carers' response", done=True)

    class Meta:
        model = Agreement
        fields = [
            "responsibilities",
            "contact_timescales",
            "safeguarding_route",
            "maximum_weeks",
            "response",
            "responded_on",
            "refusal_reason",
        ]
        widgets = {
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "contact_timescales": forms.Textarea(attrs={"rows": 3}),
            "safeguarding_route": forms.Textarea(attrs={"rows": 3}),
            "response": forms.RadioSelect,
            "refusal_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"refusal_reason": "If they refused, what did they say?"}
        error_messages = {
            "responsibilities": {"required": "Enter the responsibilities for supporting the pupil"},
            "contact_timescales": {"required": "Enter the contact timescales"},
            "safeguarding_route": {
                "required": "Enter how the provider shares safeguarding concerns"
            },
            "maximum_weeks": {
                "required": "Enter the maximum period of the placement in weeks",
                "invalid": "Enter the maximum period as a whole number of weeks",
            },
            "response": {"required": "Select whether the parents or carers agreed"},
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("response") == Agreement.Response.REFUSED
            and not cleaned.get("refusal_reason", "").strip()
        ):
            self.add_error("refusal_reason", "Enter what the parents or carers said")
        weeks = cleaned.get("maximum_weeks")
        if weeks is not None and not 1 <= weeks <= 52:
            self.add_error("maximum_weeks", "The maximum period must be between 1 and 52 weeks")
        return cleaned
