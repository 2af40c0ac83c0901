import re

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm, GovukModelForm
from altprov.evidence.forms import EvidenceField

from .models import KEY_STAGES, OfstedInspection, Provider, ProviderContact, ProviderSite
from .ofsted import SCHEMES
from .suitability import CHOICES as STATUS_CHOICES

POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}")


def clean_postcode(value: str) -> str:
    postcode = re.sub(r"\s+", "", value).upper()
    if not POSTCODE.fullmatch(postcode):
        raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
    return f"{postcode[:-3]} {postcode[-3:]}"


class ProviderForm(GovukModelForm):
    key_stage_choices = forms.MultipleChoiceField(
        label="Key stages available",
        choices=KEY_STAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "manager_name",
            "website",
            "registration_status",
            "urn",
            "ukprn",
            "on_la_list",
            "pupil_places",
            "key_stage_choices",
            "adults_over_18",
            "gcse_english_maths",
            "gcse_five_or_more",
            "exam_centre",
            "exam_centre_number",
        ]
        widgets = {
            "registration_status": forms.RadioSelect,
            "on_la_list": forms.RadioSelect,
            "adults_over_18": forms.RadioSelect,
            "gcse_english_maths": forms.RadioSelect,
            "gcse_five_or_more": forms.RadioSelect,
            "exam_centre": forms.RadioSelect,
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the alternative provision",
                "unique": "The register already has a provider with this name",
            },
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
            "manager_name": {"required": "Enter the name of the headteacher or manager"},
            "registration_status": {"required": "Select whether the provider is registered"},
            "website": {
                "invalid": "Enter the website address in full, like https://www.example.org"
            },
            "pupil_places": {"invalid": "Enter the number of pupil places as a whole number"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key_stage_choices"].initial = self.instance.key_stage_list
        for name in (
            "on_la_list",
            "adults_over_18",
            "gcse_english_maths",
            "gcse_five_or_more",
            "exam_centre",
        ):
            self.fields[name].required = False

    def clean_postcode(self):
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        if urn and not re.fullmatch(r"\d{6,7}", urn):
            raise forms.ValidationError("The DfE number (URN) must be 6 or 7 digits, like 100000")
        return urn

    def clean_ukprn(self):
        ukprn = self.cleaned_data["ukprn"].strip()
        if ukprn and not re.fullmatch(r"1\d{7}", ukprn):
            raise forms.ValidationError("The UKPRN must be 8 digits starting with 1, like 10012345")
        return ukprn

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(
            "registration_status"
        ) == Provider.Registration.REGISTERED and not cleaned.get("urn"):
            self.add_error("urn", "Enter the DfE number (URN) of a registered provider")
        if cleaned.get("exam_centre") == "yes" and not cleaned.get("exam_centre_number"):
            self.add_error("exam_centre_number", "Enter the exam centre number")
        return cleaned

    def save(self, commit=True):
        chosen = self.cleaned_data.get("key_stage_choices") or []
        self.instance.key_stages = "," + ",".join(chosen) + "," if chosen else ""
        return super().save(commit=commit)


class SiteForm(GovukModelForm):
    class Meta:
        model = ProviderSite
        fields = ["name", "address_line_1", "address_line_2", "town", "postcode"]
        error_messages = {
            "name": {"required": "Enter the site name"},
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
        }

    def clean_postcode(self):
        return clean_postcode(self.cleaned_data["postcode"])


class ContactForm(GovukModelForm):
    class Meta:
        model = ProviderContact
        fields = ["name", "role", "email", "phone"]
        error_messages = {
            "name": {"required": "Enter the contact's name"},
            "role": {"required": "Enter the contact's role"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors.get("email"):
            self.add_error("email", "Enter an email address or a phone number")
        return cleaned


class SchemeForm(GovukForm):
    scheme = forms.ChoiceField(
        label="Which Ofsted scheme was the inspection under?",
        choices=OfstedInspection.Scheme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the scheme the inspection was under"},
    )


class InspectionForm(GovukForm):
    """The outcome of one inspection, in its scheme's own grades."""

    def __init__(self, scheme: str, *args, **kwargs):
        self.definition = SCHEMES[OfstedInspection.Scheme(scheme)]
        super().__init__(*args, **kwargs)
        self.fields["inspection_date"] = GovukDateField(
            label="Date of the inspection", min_year=1992, done=True
        )
        if self.definition.has_overall_grade:
            self.fields["overall_grade"] = forms.TypedChoiceField(
                label="Overall grade",
                choices=self.definition.grades,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Select the overall grade"},
            )
        for key, label in self.definition.areas:
            self.fields[f"area_{key}"] = forms.ChoiceField(
                label=label,
                choices=[("", "Select a grade" if self.definition.areas_required else "Not given")]
                + [(str(k), v) for k, v in self.definition.grades],
                required=self.definition.areas_required,
                error_messages={"required": f"Select the grade for {label.lower()}"},
            )
        self.fields["safeguarding"] = forms.ChoiceField(
            label="Safeguarding",
            choices=self.definition.safeguarding,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the safeguarding judgement"},
        )
        self.fields["report_url"] = forms.URLField(
            label="Link to the report (optional)",
            required=False,
            error_messages={
                "invalid": "Enter the link in full, like https://reports.ofsted.gov.uk/..."
            },
        )
        self.build_helper()

    def clean(self):
        cleaned = super().clean()
        cleaned["judgements"] = {
            key: cleaned.pop(f"area_{key}")
            for key, _ in self.definition.areas
            if cleaned.get(f"area_{key}")
        }
        return cleaned


class LetterForm(GovukForm):
    received_on = GovukDateField(label="Date the letter was received", done=True)
    signatory_name = forms.CharField(
        label="Name of the person who signed it",
        max_length=150,
        error_messages={"required": "Enter the name of the person who signed the letter"},
    )
    signatory_role = forms.CharField(
        label="Their role at the provider",
        max_length=150,
        error_messages={"required": "Enter the role of the person who signed the letter"},
    )
    document = EvidenceField(
        label="Upload the letter",
        error_messages={"required": "Select the letter of comfort to upload"},
    )
    renewal_due = GovukDateField(
        label="Renewal date",
        required=False,
        help_text="Leave empty to use the trust's period. For example, 1 9 2027",
    )

    def clean(self):
        cleaned = super().clean()
        received, renewal = cleaned.get("received_on"), cleaned.get("renewal_due")
        if received and renewal and renewal <= received:
            self.add_error(
                "renewal_due", "The renewal date must be after the date the letter was received"
            )
        return cleaned


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search by name, town or URN", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status")] + STATUS_CHOICES, required=False
    )
    registration = forms.ChoiceField(
        label="Registration",
        choices=[("", "Registered or not")] + list(Provider.Registration.choices),
        required=False,
    )
    key_stage = forms.ChoiceField(
        label="Key stage", choices=[("", "Any key stage")] + KEY_STAGES, required=False
    )
    in_use = forms.BooleanField(label="Only providers my school works with", required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
