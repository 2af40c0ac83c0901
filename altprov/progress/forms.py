import datetime as dt

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm

from .models import (
    EhcpAnnualReview,
    ExamArrangement,
    ObjectiveProgress,
    PastoralContact,
    SendDocumentShare,
)


class _OnThePlacement(GovukForm):
    """A record of something done during the placement: dated today or earlier (the date field)
    and not before the placement started."""

    date_field = ""

    def __init__(self, *args, placement, **kwargs):
        self.placement = placement
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        day = data.get(self.date_field)
        started = self.placement.started_on or self.placement.start_date
        if isinstance(day, dt.date) and day < started:
            label = self.fields[self.date_field].label.lower()
            self.add_error(
                self.date_field,
                f"The {label} must be on or after the start of the placement, {started:%-d %B %Y}",
            )
        return data


class ProgressForm(_OnThePlacement):
    date_field = "checked_on"

    checked_on = GovukDateField(label="Date of the progress check", done=True)
    status = forms.ChoiceField(
        label="Progress against the objective",
        choices=ObjectiveProgress.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the progress against the objective"},
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What shows the progress: the provider's report, work seen, attendance, what the pupil said",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the evidence of progress"},
    )
    next_step = forms.CharField(
        label="Next step (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PastoralContactForm(_OnThePlacement):
    date_field = "contacted_on"

    contacted_on = GovukDateField(label="Date of the contact", done=True)
    method = forms.ChoiceField(
        label="How was the contact made?",
        choices=PastoralContact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made"},
    )
    place = forms.ChoiceField(
        label="Where was the pupil?",
        choices=PastoralContact.Place.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the pupil was"},
    )
    notes = forms.CharField(
        label="Notes",
        help_text="How the pupil is, what they said, and anything to follow up",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter notes of the contact"},
    )


# The SENDCo's records (R-10.8) ------------------------------------------------------------------


class SendDocumentForm(GovukForm):
    def __init__(self, *args, pupil_has_ehcp: bool, **kwargs):
        self.pupil_has_ehcp = pupil_has_ehcp
        super().__init__(*args, **kwargs)

    document = forms.ChoiceField(
        label="Which document was shared?",
        choices=SendDocumentShare.Document.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which document was shared"},
    )
    shared_on = GovukDateField(label="Date shared", done=True)
    method = forms.ChoiceField(
        label="How was it shared?",
        choices=SendDocumentShare.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the document was shared"},
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document == SendDocumentShare.Document.EHCP and not self.pupil_has_ehcp:
            raise forms.ValidationError(
                "The pupil's record shows no EHCP: choose another document, or update the "
                "pupil's SEND status first"
            )
        return document


class RecommendationForm(GovukForm):
    what = forms.CharField(
        label="What referral does the provider recommend?",
        help_text="For example, to speech and language therapy or for an assessment of need",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the referral the provider recommends"},
    )
    recommended_on = GovukDateField(label="Date recommended", done=True)
    action = forms.CharField(
        label="What action has the school taken?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action the school has taken"},
    )


class EhcpDateForm(GovukForm):
    dated = GovukDateField(
        label="Date of the EHCP or of its last annual review",
        done=True,
        help_text="The first annual review during the placement is due 12 months after it. For example, 5 9 2026",
    )


class EhcpReviewForm(_OnThePlacement):
    date_field = "held_on"

    held_on = GovukDateField(label="Date the review was held", done=True)
    outcome = forms.ChoiceField(
        label="What did the review recommend?",
        choices=EhcpAnnualReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the review recommended"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="Changes to the provision, and what the provider should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# The Assessment Lead's records (R-10.7) ---------------------------------------------------------


class ExamArrangementForm(GovukForm):
    series = forms.CharField(
        label="Exam series",
        help_text="For example, Summer 2027",
        max_length=100,
        error_messages={"required": "Enter the exam series"},
    )
    entries = forms.CharField(
        label="Subjects and entries",
        help_text="Each subject with its qualification, board and tier, for example GCSE English Language (AQA)",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the subjects and entries"},
    )
    access_arrangements = forms.CharField(
        label="Access arrangements (optional)",
        help_text="For example, 25% extra time, a reader, a separate room",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    where = forms.ChoiceField(
        label="Where does the pupil sit the exams?",
        choices=ExamArrangement.Where.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the pupil sits the exams"},
    )
    centre = forms.CharField(
        label="Name of the exam centre (if not at school)",
        max_length=200,
        required=False,
    )
    centre_confirmed_on = GovukDateField(
        label="Date the exam centre confirmed (optional)", done=True, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("where") in ("provider", "other") and not data.get("centre", "").strip():
            self.add_error("centre", "Enter the name of the exam centre")
        return data
