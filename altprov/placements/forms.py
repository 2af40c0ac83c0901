import datetime as dt
import re

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from altprov.authz.fields import StaffChoiceField
from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm
from altprov.core.versions import VersionedFormMixin

from .models import InformationShare, Placement, PlacementSession

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_time(text: str, label: str) -> dt.time:
    match = TIME.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError(f"Enter the {label} as a time like 09:30")
    return dt.time(int(match[1]), int(match[2]))


class ProviderChoiceForm(GovukForm):
    """The first page of making a placement: which provider (one question per page), so the next
    page offers only that provider's sites."""

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = forms.ChoiceField(
            label="Which provider will the pupil attend?",
            choices=[
                Choice(
                    str(p.pk),
                    p.name,
                    hint=f"{p.get_registration_status_display()}: {p.address}",
                )
                for p in providers
            ],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose the provider",
                "invalid_choice": "Choose a provider on your trust's register",
            },
        )
        self.build_helper()


MAIN_ADDRESS = "main"


class PlacementForm(GovukForm):
    """The placement at one provider, chosen on the page before: only its sites are offered, each
    with its address, and only the questions that apply to it are asked (R-5.7, R-5.9, R-7.5)."""

    def __init__(self, *args, provider, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        unregistered = provider.is_unregistered
        self.fields["provider"] = forms.ModelChoiceField(
            queryset=providers,
            initial=provider.pk,
            widget=forms.HiddenInput,
            error_messages={
                "required": "Choose the provider",
                "invalid_choice": "Choose a provider on your trust's register",
            },
        )
        self.sites = {str(site.pk): site for site in provider.sites.all()}
        self.fields["site"] = forms.ChoiceField(
            label=f"Where at {provider.name} will the pupil be taught?",
            choices=[Choice(MAIN_ADDRESS, f"The provider's main address: {provider.address}")]
            + [Choice(pk, f"{site.name}: {site.address}") for pk, site in self.sites.items()],
            initial=MAIN_ADDRESS,
            required=False,  # not sent: the main address
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Choose where at {provider.name} the pupil will be taught",
                "invalid_choice": f"Choose one of {provider.name}'s sites",
            },
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
            help_text="A pupil at no other provision counts as full-time even below the "
            "full-time hours (R-5.9).",
        )
        layout = [
            "provider",
            "site",
            "start_date",
            "planned_end_date",
            "weekly_cost",
            Field("sole_provision", template="components/checkbox.html"),
        ]
        if not unregistered:
            # only a provider that is itself a registered school can dual register.
            self.fields["dual_registered"] = forms.BooleanField(
                label="The pupil will be dual registered at the provider",
                required=False,
                help_text="Only where the provider is itself a registered school, such as a pupil "
                "referral unit. Otherwise the school records the pupil's sessions at the provider "
                "as B (R-7.5).",
            )
            layout.append(Field("dual_registered", template="components/checkbox.html"))
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
        after = []
        if unregistered:
            # an unregistered provider only in exceptional circumstances.
            self.fields["exceptional_reasons"] = forms.CharField(
                label="Why can no registered provision meet the pupil's needs?",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields["professionals_consulted"] = forms.CharField(
                label="Which wider professionals were consulted?",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            after += ["exceptional_reasons", "professionals_consulted"]
        if not (provider.urn or provider.ukprn):
            self.fields["census_setting_type"] = forms.ChoiceField(
                label="Census setting type",
                help_text="The provider has no URN or UKPRN, so the school census needs its "
                "setting type (R-7.6)",
                choices=[("", "Not needed")] + list(Placement.SettingType.choices),
                required=False,
            )
            after.append("census_setting_type")
        self.fields["census_main_reason"] = forms.CharField(
            label="Main reason for the placement (census)", max_length=40, required=False
        )
        self.fields["la_informed_on"] = GovukDateField(
            label="Date the local authority was told",
            done=True,
            required=False,
            help_text="Schools always tell the local authority when they commission a placement (R-7.6)",
        )
        after += ["census_main_reason", "la_informed_on"]
        if unregistered:
            # asked only when the placement would take the provider over the
            # registration threshold (ask_threshold shows it); the answer is read whenever sent.
            self.fields["threshold_understood"] = forms.BooleanField(
                label="I understand this placement takes the provider over the registration "
                "threshold",
                required=False,
            )
        self.helper.layout = Layout(
            *layout,
            Fieldset(*day_fields, legend="Weekly pattern", legend_size=Size.MEDIUM),
            *after,
        )

    def ask_threshold(self) -> None:
        """Show the registration-threshold confirmation (R-5.9) at the end of the form."""
        self.helper.layout.append(
            Field("threshold_understood", template="components/checkbox.html")
        )

    def clean_site(self):
        value = self.cleaned_data.get("site")
        return None if value in (None, "", MAIN_ADDRESS) else self.sites[value]

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
        if "dual_registered" not in self.fields and self.data.get("dual_registered"):
            # Not asked for an unregistered provider; sent by hand, the service refuses it.
            cleaned["dual_registered"] = True
        return cleaned


class PastoralForm(VersionedFormMixin, GovukForm):
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


class PlanForm(VersionedFormMixin, GovukForm):
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
