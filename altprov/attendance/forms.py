import datetime as dt

from django import forms
from django.utils import timezone

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm
from altprov.evidence.uploads import CSV, check_upload

from .models import AbsenceNotification, FollowUp, ParentContact

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Upload the CSV file",
        help_text="From the provider or your management information system (MIS), 5MB at most",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv", "class": "govuk-file-upload"}),
        error_messages={
            "required": "Select the CSV file of attendance marks",
            "empty": "The selected file is empty",
            "invalid": "Select the CSV file of attendance marks",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, kind=CSV, max_bytes=MAX_UPLOAD_BYTES)
        return upload


class NotificationForm(GovukForm):
    absent_on = GovukDateField(label="Date of the absence", done=True)
    sessions = forms.ChoiceField(
        label="Sessions missed",
        choices=AbsenceNotification.Sessions.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the sessions missed"},
    )
    reason = forms.CharField(
        label="Reason given (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason_accepted = forms.TypedChoiceField(
        label="Does the school accept the reason?",
        help_text="If not, the absence is unauthorised and is followed up",
        choices=[("yes", "Yes, the absence is authorised"), ("no", "No, or no reason was given")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the school accepts the reason"},
    )
    notified_by = forms.CharField(
        label="Who notified the school",
        help_text="Their name and role at the provider",
        max_length=200,
        error_messages={"required": "Enter who notified the school"},
    )
    notified_on = GovukDateField(label="Date the school was told", done=True)
    notified_time = forms.TimeField(
        label="Time the school was told",
        help_text="For example, 9:15",
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the time the school was told",
            "invalid": "Enter the time the school was told like 9:15",
        },
    )

    def __init__(self, *args, placement, **kwargs):
        self.placement = placement
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("reason_accepted") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason given, or say the school does not accept it")
        told_on, told_time = data.get("notified_on"), data.get("notified_time")
        if told_on and told_time:
            told = timezone.make_aware(dt.datetime.combine(told_on, told_time))
            if told > timezone.now():
                self.add_error(
                    "notified_time", "The time the school was told must be now or earlier"
                )
            data["notified_at"] = told
        day = data.get("absent_on")
        starts = self.placement.started_on or self.placement.start_date
        if day and day < starts:
            self.add_error(
                "absent_on",
                f"The date of the absence must be on or after the start, {starts:%-d %B %Y}",
            )
        return data


class FollowUpForm(GovukForm):
    method = forms.ChoiceField(
        label="How was it followed up?",
        choices=FollowUp.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the absence was followed up"},
    )
    done_on = GovukDateField(label="Date done", done=True)
    outcome = forms.CharField(
        label="Outcome",
        help_text="What the parent or carer said, and what happens next",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the outcome of the follow-up"},
    )

    def __init__(self, *args, absence_date: dt.date, **kwargs):
        self.absence_date = absence_date
        super().__init__(*args, **kwargs)

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on < self.absence_date:
            raise forms.ValidationError(
                f"The date done must be on or after the absence, {self.absence_date:%-d %B %Y}"
            )
        return done_on


class ParentContactForm(GovukForm):
    done_on = GovukDateField(label="Date of the contact", done=True)
    method = forms.ChoiceField(
        label="How",
        choices=ParentContact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the school contacted the parents or carers"},
    )
    notes = forms.CharField(
        label="What was said and agreed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was said and agreed"},
    )


class InterventionForm(GovukForm):
    done_on = GovukDateField(label="Date of the intervention", done=True)
    action = forms.CharField(
        label="What the school is doing under its attendance policy",
        help_text="For example a meeting with the parents, an attendance plan, a referral to "
        "the local authority's attendance service",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the school is doing"},
    )
