from django import forms

from altprov.authz.permissions import ROLES, SCHOOL_ROLES, TRUST_ROLES, Role
from altprov.core.forms import GovukForm
from altprov.organisations.models import School


def _role_choices():
    return [
        ("School roles", [(r.value, ROLES[r].label) for r in SCHOOL_ROLES]),
        ("Trust roles", [(r.value, ROLES[r].label) for r in TRUST_ROLES]),
    ]


class RoleForm(GovukForm):
    role = forms.ChoiceField(
        label="Role", choices=_role_choices, error_messages={"required": "Select a role"}
    )
    school = forms.ModelChoiceField(
        label="School",
        queryset=School.objects.none(),
        required=False,
        empty_label="Not in one school (trust roles)",
        help_text="Needed for school roles. Leave it for trust roles.",
    )

    def __init__(self, trust, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(trust=trust).order_by("name")

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role:
            cleaned["role"] = Role(role)
            if cleaned["role"] in SCHOOL_ROLES and not cleaned.get("school"):
                self.add_error(
                    "school", f"Select the school where they are {ROLES[Role(role)].label}"
                )
            if cleaned["role"] in TRUST_ROLES and cleaned.get("school"):
                self.add_error(
                    "school", "A trust role is not held in one school: leave the school out"
                )
        return cleaned


class StaffAddForm(RoleForm):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="We will email a link to set up the account here",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    field_order = ["full_name", "email", "job_title", "role", "school"]
