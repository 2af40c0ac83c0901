from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm
from altprov.organisations.models import School

from .models import ApiClient


class ApiClientForm(GovukForm):
    name = forms.CharField(
        label="Name of the system",
        max_length=100,
        help_text="So that you know which system uses it, for example “Oak Academy MIS”",
        error_messages={"required": "Enter the name of the system"},
    )
    school = forms.ModelChoiceField(
        label="School",
        queryset=School.objects.none(),
        required=False,
        empty_label="Every school of the trust",
        help_text="The token reaches only this school's pupils, placements and marks",
    )
    access = forms.ChoiceField(
        label="What the system may do",
        choices=ApiClient.Access.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the system may do"},
    )
    expires_on = GovukDateField(
        label="Expiry date",
        help_text="The token works until the end of this day: at most a year from today. "
        "For example, 27 3 2027",
    )

    def __init__(self, trust, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(trust=trust).order_by("name")
