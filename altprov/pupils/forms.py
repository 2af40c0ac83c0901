"""Forms for a pupil's record (R-6.1). Every message names its field (X-3)."""

import datetime as dt

from django import forms

from altprov.audit.shown import pupil_shown
from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm, GovukModelForm
from altprov.core.versions import VersionedFormMixin
from altprov.evidence.uploads import CSV, check_upload

from .models import Carer, Pupil
from .upn import upn_problem
from .validation import MAX_AGE, MIN_AGE, clean_phone, date_of_birth_problem, year_group_from

YES_NO = [("yes", "Yes"), ("no", "No")]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _email_messages(whose: str) -> dict:
    return {"invalid": f"Enter {whose} email address in the correct format, like name@example.org"}


def _yes_no_field(label: str, required_message: str, help_text: str = "") -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class _PhoneMixin:
    """Checks the phone fields named in PHONES: {field name: "the carer's"}."""

    PHONES: dict[str, str] = {}

    def _clean_phones(self):
        for name, whose in self.PHONES.items():
            value = self.cleaned_data.get(name, "")
            if not value:
                continue
            phone = clean_phone(value)
            if phone is None:
                self.add_error(
                    name,
                    f"Enter {whose} phone number with 10 to 15 digits, like 01632 960 001 or "
                    "07700 900 982",
                )
            else:
                self.cleaned_data[name] = phone


class PupilForm(VersionedFormMixin, GovukModelForm):
    """The basic details: name, date of birth, UPN and year group. The instance carries its
    school, so a new pupil is Pupil(school=...)."""

    date_of_birth = GovukDateField(
        label="Date of birth", min_year=1900, help_text="For example, 27 3 2012"
    )
    year_group = forms.CharField(
        label="Year group",
        help_text="The national curriculum year: R for Reception, or a number from 1 to 14",
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "spellcheck": "false"}),
        error_messages={"required": "Enter the year group"},
    )

    class Meta:
        model = Pupil
        fields = ["first_name", "last_name", "date_of_birth", "upn", "year_group"]
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "upn": "Unique pupil number (UPN)",
        }
        help_texts = {"upn": "13 characters, starting with a letter, like H801200001001"}
        widgets = {
            "upn": forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        }
        error_messages = {
            "first_name": {
                "required": "Enter the pupil's first name",
                "max_length": "The pupil's first name must be 100 characters or fewer",
            },
            "last_name": {
                "required": "Enter the pupil's last name",
                "max_length": "The pupil's last name must be 100 characters or fewer",
            },
            "upn": {
                "required": "Enter the unique pupil number (UPN)",
                "max_length": "The UPN must be 13 characters",
            },
        }

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()
        self.fields["upn"].max_length = None  # upn_problem says what is wrong in words
        self.fields["upn"].validators = []
        if self.instance.pk and not self.is_bound:
            pupil_shown(self.instance)  # the form prints the recorded name
            self.initial["year_group"] = (
                "R" if self.instance.year_group == 0 else str(self.instance.year_group)
            )

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        problem = date_of_birth_problem(value, self.today) if value else None
        if problem == "future":
            raise forms.ValidationError("The date of birth must be in the past")
        if problem == "age":
            raise forms.ValidationError(
                f"The date of birth must give an age from {MIN_AGE} to {MAX_AGE}: check the year"
            )
        return value

    def clean_upn(self):
        upn = "".join(self.cleaned_data["upn"].split()).upper()
        problem = upn_problem(upn)
        if problem:
            raise forms.ValidationError(problem)
        others = Pupil.objects.filter(school_id=self.instance.school_id, upn=upn)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Another pupil at this school has this UPN")
        return upn

    def clean_year_group(self):
        year = year_group_from(self.cleaned_data["year_group"])
        if year is None:
            raise forms.ValidationError(
                "Enter the year group as R (Reception) or a number from 0 to 14"
            )
        return year


class SendForm(VersionedFormMixin, _PhoneMixin, GovukModelForm):
    """SEND detail: status, the EHCP's local authority and caseworker, SEMH and medical needs."""

    PHONES = {"la_caseworker_phone": "the LA caseworker's"}
    needs_assessed_on = GovukDateField(
        label="Date the needs were last assessed (optional)",
        min_year=2000,
        done=True,
        required=False,
        help_text="For example, 14 10 2026",
    )

    class Meta:
        model = Pupil
        fields = list(Pupil.SEND_FIELDS)  # the SEND detail, as altprov.audit.sensitivity names it
        widgets = {
            "send_status": forms.RadioSelect,
            "semh_needs": forms.Textarea(attrs={"rows": 4}),
            "medical_needs": forms.Textarea(attrs={"rows": 4}),
            "la_caseworker_phone": forms.TextInput(
                attrs={"class": "govuk-input--width-20", "autocomplete": "off", "type": "tel"}
            ),
        }
        labels = {
            "send_status": "SEND status",
            "ehcp_local_authority": "Local authority that maintains the EHCP",
            "la_caseworker_name": "LA caseworker's name (optional)",
            "la_caseworker_email": "LA caseworker's email address (optional)",
            "la_caseworker_phone": "LA caseworker's phone number (optional)",
            "semh_needs": "Social, emotional and mental health (SEMH) needs (optional)",
            "medical_needs": "Medical needs (optional)",
        }
        help_texts = {
            "ehcp_local_authority": "Only for a pupil with an EHCP, for example Leeds City Council",
            "semh_needs": "What the needs are and how they show, and any diagnosis",
            "medical_needs": "Conditions, medication and care plans staff must know about",
        }
        error_messages = {
            "send_status": {"required": "Select the pupil's SEND status"},
            "la_caseworker_email": _email_messages("the LA caseworker's"),
            "ehcp_local_authority": {
                "max_length": "The local authority must be 100 characters or fewer"
            },
            "la_caseworker_name": {
                "max_length": "The LA caseworker's name must be 100 characters or fewer"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "ehcp_local_authority"
        ].label = "Local authority that maintains the EHCP (if the pupil has one)"

    def clean(self):
        cleaned = super().clean()
        self._clean_phones()
        if (
            cleaned.get("send_status") == Pupil.SendStatus.EHCP
            and not cleaned.get("ehcp_local_authority", "").strip()
        ):
            self.add_error(
                "ehcp_local_authority", "Enter the local authority that maintains the EHCP"
            )
        return cleaned


class SafeguardingForm(VersionedFormMixin, _PhoneMixin, GovukModelForm):
    """Safeguarding detail: looked-after status, social worker, Virtual School headteacher."""

    PHONES = {"social_worker_phone": "the social worker's"}
    looked_after = _yes_no_field(
        "Is the pupil looked after?",
        "Select yes if the pupil is looked after",
        help_text="In the care of a local authority",
    )

    class Meta:
        model = Pupil
        fields = [
            "looked_after",
            "social_worker_name",
            "social_worker_phone",
            "social_worker_email",
            "virtual_school_head_name",
            "virtual_school_head_email",
            "other_social_worker",
        ]
        widgets = {
            "other_social_worker": forms.Textarea(attrs={"rows": 3}),
            "social_worker_phone": forms.TextInput(
                attrs={"class": "govuk-input--width-20", "autocomplete": "off", "type": "tel"}
            ),
        }
        labels = {
            "social_worker_name": "Social worker's name (optional)",
            "social_worker_phone": "Social worker's phone number (optional)",
            "social_worker_email": "Social worker's email address (optional)",
            "virtual_school_head_name": "Virtual School headteacher's name (optional)",
            "virtual_school_head_email": "Virtual School headteacher's email address (optional)",
            "other_social_worker": "Other social worker (optional)",
        }
        help_texts = {
            "social_worker_name": "For a looked-after pupil or a child in need",
            "virtual_school_head_name": "Of the local authority that looks after the pupil",
            "other_social_worker": (
                "Anyone else with a social work role, such as a youth justice worker or early "
                "help practitioner, with how to contact them"
            ),
        }
        error_messages = {
            "social_worker_email": _email_messages("the social worker's"),
            "virtual_school_head_email": _email_messages("the Virtual School headteacher's"),
            "social_worker_name": {
                "max_length": "The social worker's name must be 100 characters or fewer"
            },
            "virtual_school_head_name": {
                "max_length": "The Virtual School headteacher's name must be 100 characters or "
                "fewer"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["looked_after"] = "yes" if self.instance.looked_after else "no"

    def clean(self):
        cleaned = super().clean()
        self._clean_phones()
        return cleaned


class CarerForm(VersionedFormMixin, _PhoneMixin, GovukModelForm):
    PHONES = {"phone": "the parent or carer's"}
    parental_responsibility = _yes_no_field(
        "Do they have parental responsibility?",
        "Select yes if they have parental responsibility for the pupil",
    )
    priority = forms.TypedChoiceField(
        label="Contact order",
        help_text="1 is the first person to contact",
        choices=[(str(n), str(n)) for n in range(1, 10)],
        coerce=int,
        error_messages={
            "required": "Select the contact order",
            "invalid_choice": "Select the contact order from 1 to 9",
        },
    )

    class Meta:
        model = Carer
        fields = [
            "name",
            "relationship",
            "phone",
            "email",
            "address",
            "parental_responsibility",
            "priority",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "phone": forms.TextInput(
                attrs={"class": "govuk-input--width-20", "autocomplete": "off", "type": "tel"}
            ),
        }
        labels = {
            "name": "Full name",
            "relationship": "Relationship to the pupil",
            "phone": "Phone number (optional)",
            "email": "Email address (optional)",
            "address": "Address (optional)",
        }
        help_texts = {
            "relationship": "For example, mother, grandfather or foster carer",
            "phone": "Give at least one of a phone number, an email address or an address",
        }
        error_messages = {
            "name": {
                "required": "Enter the parent or carer's full name",
                "max_length": "The parent or carer's name must be 200 characters or fewer",
            },
            "relationship": {
                "required": "Enter the parent or carer's relationship to the pupil",
                "max_length": "The relationship must be 100 characters or fewer",
            },
            "email": _email_messages("the parent or carer's"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["parental_responsibility"] = (
                "yes" if self.instance.parental_responsibility else "no"
            )
            self.initial["priority"] = str(self.instance.priority)

    def clean(self):
        cleaned = super().clean()
        self._clean_phones()
        if not any(
            cleaned.get(name, "").strip() or name in self.errors
            for name in ("phone", "email", "address")
        ):
            self.add_error(
                "phone",
                "Enter a phone number, an email address or an address for the parent or carer",
            )
        return cleaned


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Upload the CSV file",
        help_text="Exported from your management information system (MIS), 5MB at most",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv", "class": "govuk-file-upload"}),
        error_messages={
            "required": "Select the CSV file of pupils",
            "empty": "The selected file is empty",
            "invalid": "Select the CSV file of pupils",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size <= MAX_UPLOAD_BYTES and not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "The selected file must be a CSV file: in your spreadsheet or MIS, save or "
                "export it as CSV (comma delimited)"
            )
        check_upload(upload, kind=CSV, max_bytes=MAX_UPLOAD_BYTES)
        return upload
