from django import forms
from django.core.exceptions import ValidationError

from altprov.attendance.models import AbsenceNotification
from altprov.core.forms import GovukForm


class InviteForm(GovukForm):
    """X-5: a provider's member of staff, invited by name and work email address."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="We will email a link to set up their account here",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)


class AbsenceForm(GovukForm):
    """R-10.6: the provider's daily notification of an absence, for today."""

    sessions = forms.ChoiceField(
        label="Which sessions is the pupil missing today?",
        choices=AbsenceNotification.Sessions.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the sessions the pupil is missing today"},
    )
    reason = forms.CharField(
        label="Reason given (optional)",
        help_text="What the pupil or their family told you. The school decides whether the "
        "absence is authorised and follows it up",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def apply_error(form, error: ValidationError) -> None:
    """A service's refusal on the form: on its field where it names one, else for the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message.messages[0])
    else:
        form.add_error(None, error.messages[0])
