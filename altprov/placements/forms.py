import datetime as dt
import re

from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms

from altprov.authz.fields import StaffChoiceField
from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm

from .models import InformationShare, Placement, PlacementSession

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_time(text: str, label: str) -> dt.time:
    match = TIME.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError(f"Enter the {label} as a time like 09:30")
    return dt.time(int(match[1]), int(match[2]))


class PlacementForm(GovukForm):
    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = forms.ModelChoiceField(
            label="Provider",
            queryset=providers,
            empty_label="Choose a provider",
            error_messages={"required": "Choose the provider"},
        )
        self.fields["site"] = forms.ModelChoiceField(
            label="Site where the pupil will be taught (optional)",
            queryset=self._sites(providers),
            required=False,
            empty_label="The provider's main address",
        )
        self.fields["start_date"] = GovukDateField(label="Start date")
        self.fields["planned_end_date"] = GovukDateField(label="Planned end date")
        self.fields["weekly_cost"] = forms.DecimalField(
            label="Cost per week (£)",
            min_value=0,
            max_digits=8,
            decimal_places=2,
            error_messages={
                "required": "Enter the cost per week, or 0",
                "invalid": "Enter the cost as a number, like 250.00",
            },
        )
        self.fields["sole_provision"] = forms.BooleanField(
            label="The provider is the pupil's only provision",
            required=False,
        )
        self.fields["dual_registered"] = forms.BooleanField(
            label="The pupil will be dual registered at the provider",
            required=False,
            help_text="Only where the provider is itself a registered school, such as a pupil "
            "referral unit. Otherwise the school records the pupil's sessions at the provider as B "
            "(R-7.5).",
        )
        layout = [
            "provider",
            "site",
            "start_date",
            "planned_end_date",
            "weekly_cost",
            "sole_provision",
            "dual_registered",
        ]
        day_fields = []
        for day, label in PlacementSession.Day.choices:
            self.fields[f"day{day}_start"] = forms.CharField(
                label=f"{label}: start time",
                required=False,
                max_length=5,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            )
            self.fields[f"day{day}_end"] = forms.CharField(
                label=f"{label}: end time",
                required=False,
                max_length=5,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            )
            day_fields += [f"day{day}_start", f"day{day}_end"]
        self.fields["exceptional_reasons"] = forms.CharField(
            label="Unregistered providers only: why can no registered provision meet the pupil's needs?",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["professionals_consulted"] = forms.CharField(
            label="Unregistered providers only: which wider professionals were consulted?",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["census_setting_type"] = forms.ChoiceField(
            label="Census setting type (only for a provider with no URN or UKPRN)",
            choices=[("", "Not needed")] + list(Placement.SettingType.choices),
            required=False,
        )
        self.fields["census_main_reason"] = forms.CharField(
            label="Main reason for the placement (census)", max_length=40, required=False
        )
        self.fields["la_informed_on"] = GovukDateField(
            label="Date the local authority was told",
            done=True,
            required=False,
            help_text="Schools always tell the local authority when they commission a placement (R-7.6)",
        )
        self.fields["threshold_understood"] = forms.BooleanField(
            label="I understand this placement takes the provider over the registration threshold",
            required=False,
        )
        self.helper.layout = Layout(
            *layout,
            Fieldset(*day_fields, legend="Weekly pattern", legend_size=Size.MEDIUM),
            "exceptional_reasons",
            "professionals_consulted",
            "census_setting_type",
            "census_main_reason",
            "la_informed_on",
            "threshold_understood",
        )

    @staticmethod
    def _sites(providers):
        from altprov.providers.models import ProviderSite

        return ProviderSite.objects.filter(provider__in=providers)

    def clean(self):
        cleaned = super().clean()
        sessions = []
        for day, label in PlacementSession.Day.choices:
            start, end = cleaned.get(f"day{day}_start", ""), cleaned.get(f"day{day}_end", "")
            if not start and not end:
                continue
            try:
                starts = parse_time(start, f"{label} start time")
            except forms.ValidationError as error:
                self.add_error(f"day{day}_start", error)
                continue
            try:
                ends = parse_time(end, f"{label} end time")
            except forms.ValidationError as error:
                self.add_error(f"day{day}_end", error)
                continue
            if ends <= starts:
                self.add_error(
                    f"day{day}_end", f"The {label} end time must be after its start time"
                )
                continue
            sessions.append((day, starts, ends))
        cleaned["sessions"] = sessions
        return cleaned


class PastoralForm(GovukForm):
    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"] = StaffChoiceField(
            label="Pastoral contact",
            queryset=staff,
            empty_label="Choose a member of staff",
            error_messages={"required": "Choose the pastoral contact"},
        )
        self.fields["protocol"] = forms.CharField(
            label="Contact protocol",
            help_text="How and how often they will contact the pupil and the provider",
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Enter the contact protocol"},
        )
        self.build_helper()


class PlanForm(GovukForm):
    assessment_and_monitoring = forms.CharField(
        label="Arrangements for assessment and monitoring progress",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    baseline_attainment = forms.CharField(
        label="Baseline: attainment", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    baseline_attendance = forms.CharField(
        label="Baseline: attendance", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    baseline_behaviour = forms.CharField(
        label="Baseline: behaviour", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    ehcp_link = forms.CharField(
        label="How the plan links to the EHC plan (if the pupil has one)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    objectives_shared_on = GovukDateField(
        label="Date the objectives were shared with the provider", required=False, done=True
    )


class ObjectiveForm(GovukForm):
    objective = forms.CharField(
        label="Objective for improvement or attainment",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the objective"},
    )
    timeframe = forms.CharField(
        label="Timeframe",
        max_length=200,
        help_text="For example, by the February half term",
        error_messages={"required": "Enter the timeframe"},
    )
    measure = forms.CharField(
        label="How it will be measured",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter how the objective will be measured"},
    )


class InformationShareForm(GovukForm):
    category = forms.ChoiceField(
        label="What kind of information?",
        choices=InformationShare.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of information was shared"},
    )
    what = forms.CharField(
        label="What was shared",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was shared"},
    )
    shared_on = GovukDateField(label="Date shared", done=True)
    method = forms.ChoiceField(
        label="How",
        choices=InformationShare.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was shared"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=InformationShare.LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis"},
    )


class DateForm(GovukForm):
    on = GovukDateField(label="Date", done=True)

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = GovukDateField(label=label, done=True)
        self.build_helper()


class NoticeForm(GovukForm):
    sent_on = GovukDateField(label="Date the letter was sent", done=True)
    method = forms.ChoiceField(
        label="How was it sent?",
        choices=[("post", "Post"), ("email", "Email"), ("by_hand", "By hand")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the letter was sent"},
    )
