import datetime as dt
from decimal import Decimal

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm
from altprov.evidence.forms import EvidenceField

from .models import Outcome, ViewsResponse
from .rules import ENDING_NEEDS, OTHER_ENDINGS, SCALE


def _text(label: str, message: str, *, rows: int = 4, help_text: str = "", required=True):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


def _line(label: str, message: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, max_length=200, error_messages={"required": message}
    )


def _percent(label: str, *, required: bool, help_text: str) -> forms.DecimalField:
    name = label[0].lower() + label[1:].removesuffix(" (optional)")
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": f"Enter the {name}",
            "invalid": f"The {name} must be a number, like 87.5",
            "min_value": f"The {name} must be 0 or more",
            "max_value": f"The {name} must be 100 or less",
            "max_digits": f"The {name} must be 100 or less",
            "max_decimal_places": f"The {name} must have at most one decimal place",
            "max_whole_digits": f"The {name} must be 100 or less",
        },
    )


class _DatedForm(GovukForm):
    """A form about a placement whose dates of things done cannot be before it started (or,
    after it ended, before the day it ended)."""

    dates: tuple[tuple[str, str], ...] = ()  # (field, name in messages)
    after_end = False

    def __init__(self, *args, placement, **kwargs):
        self.placement = placement
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        started = self.placement.started_on or self.placement.start_date
        ended = self.placement.ended_on if self.after_end else None
        for field, name in self.dates:
            day = cleaned.get(field)
            if not isinstance(day, dt.date):
                continue
            if ended and day < ended:
                self.add_error(
                    field,
                    f"The {name} must be on or after the day the placement ended, "
                    f"{ended:%-d %B %Y}",
                )
            elif day < started:
                self.add_error(
                    field,
                    f"The {name} must be on or after the start of the placement, "
                    f"{started:%-d %B %Y}",
                )
        return cleaned


class MeetingForm(_DatedForm):
    dates = (("held_on", "date of the meeting"),)
    held_on = GovukDateField(label="Date of the meeting", done=True)
    attended = _text(
        "Who attended",
        "Enter who attended",
        rows=3,
        help_text="Names and roles: for example the AP Lead, the pupil's parents and the provider",
    )
    provider_representative = _line(
        "The provider's representative",
        "Enter the provider's representative",
        help_text="Name and role at the provider",
    )
    notes = _text("What was discussed (optional)", "", rows=4, required=False)


class PlanForm(_DatedForm):
    attendance_objective = _text(
        "Objective on return for attendance",
        "Enter the objective on return for attendance",
        rows=3,
        help_text="For example, attend every morning session for the first half term",
    )
    behaviour_objective = _text(
        "Objective on return for behaviour", "Enter the objective on return for behaviour", rows=3
    )
    school_support = _text(
        "The support the school will give",
        "Enter the support the school will give",
        rows=5,
        help_text="Who will support the pupil, how often, and any discussion with the parents",
    )
    planned_return_on = GovukDateField(label="Planned return date")
    first_review_on = GovukDateField(label="Date of the first follow-up review")
    second_review_on = GovukDateField(
        label="Date of the second follow-up review (optional)", required=False
    )

    def clean(self):
        cleaned = super().clean()
        back = cleaned.get("planned_return_on")
        for field in ("first_review_on", "second_review_on"):
            day = cleaned.get(field)
            if isinstance(day, dt.date) and isinstance(back, dt.date) and day < back:
                self.add_error(field, "A follow-up review must be on or after the return date")
        first, second = cleaned.get("first_review_on"), cleaned.get("second_review_on")
        if isinstance(first, dt.date) and isinstance(second, dt.date) and second < first:
            self.add_error("second_review_on", "The second review must be after the first")
        return cleaned


class FinalReportForm(_DatedForm):
    dates = (("received_on", "date the report was received"),)
    received_on = GovukDateField(label="Date the report was received", done=True)
    attainment_and_progress = _text(
        "Academic attainment and progress", "Enter the academic attainment and progress", rows=5
    )
    attendance_record = _text("Attendance record", "Enter the attendance record", rows=3)
    behaviour_change = _text(
        "Evidence of a change in behaviour", "Enter the evidence of a change in behaviour", rows=4
    )
    document = EvidenceField(
        label="Upload the report (optional)",
        required=False,
        help_text="A PDF, Word document or image. A new upload keeps the earlier one as an "
        "earlier version",
    )


class PupilViewsForm(_DatedForm):
    dates = (("discussed_on", "date the views were given"),)
    discussed_on = GovukDateField(label="Date the views were given", done=True)
    views = _text(
        "The pupil's views on returning to school",
        "Enter the pupil's views",
        rows=6,
        help_text="In the pupil's words where you can: what they look forward to, what worries "
        "them, what would help",
    )


class ReintegrateForm(_DatedForm):
    dates = (("on", "date the pupil returns"),)
    on = GovukDateField(
        label="Date the pupil returns",
        done=True,
        help_text="The placement ends on this day. For example, 27 3 2027",
    )


class EndForm(_DatedForm):
    dates = (("on", "date the placement ended"),)
    reason = forms.ChoiceField(
        label="Why did the placement end?",
        choices=[(r.value, r.label) for r in OTHER_ENDINGS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the placement ended"},
    )
    on = GovukDateField(label="Date the placement ended", done=True)
    detail = _text(
        "Details",
        "",
        rows=3,
        required=False,
        help_text="Needed when the pupil moved (where to) and for another reason (what it was)",
    )
    decided_on = GovukDateField(
        label="Date of the decision (optional)",
        done=True,
        required=False,
        help_text="Needed for a permanent exclusion: the day the Headteacher decided",
    )

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("reason")
        if reason in ENDING_NEEDS:
            needs_detail, detail_name, needs_decision = ENDING_NEEDS[reason]
            if needs_detail and not cleaned.get("detail", "").strip():
                self.add_error("detail", f"Enter {detail_name[0].lower()}{detail_name[1:]}")
            if (
                needs_decision
                and cleaned.get("decided_on") is None
                and "decided_on" not in self.errors
            ):
                self.add_error(
                    "decided_on", "Enter the date of the decision to exclude permanently"
                )
        return cleaned


class SupportForm(_DatedForm):
    dates = (("given_on", "date of the support"),)
    after_end = True
    given_on = GovukDateField(label="Date of the support", done=True)
    support = _text("What support was given", "Enter what support was given", rows=4)
    given_by = _line("Who gave it", "Enter who gave the support", help_text="Name and role")


class FollowUpForm(_DatedForm):
    dates = (("held_on", "date of the follow-up"),)
    after_end = True
    held_on = GovukDateField(label="Date of the follow-up", done=True)
    attendance_after = _percent(
        "Attendance at school over the first half term back",
        required=True,
        help_text="As a percentage, from the school's MIS. For example, 92.5",
    )
    how_it_is_going = _text("How the return is going", "Enter how the return is going", rows=5)


class OutcomeForm(GovukForm):
    destination = forms.ChoiceField(
        label="Destination",
        choices=Outcome.Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the destination"},
    )
    qualifications = _text(
        "Qualifications gained (optional)",
        "",
        rows=3,
        required=False,
        help_text="For example, GCSE English Language grade 4, Level 1 Functional Skills maths",
    )
    achievements = _text("Other achievements (optional)", "", rows=3, required=False)
    progress_summary = _text(
        "Summary of the pupil's progress", "Enter a summary of the pupil's progress", rows=5
    )
    pupil_assessment = _text(
        "The pupil's own assessment of the placement",
        "Enter the pupil's own assessment of the placement",
        rows=5,
    )
    attendance_before = _percent(
        "Attendance at school in the term before the placement (optional)",
        required=False,
        help_text="As a percentage, from the school's MIS. For example, 71.4",
    )


class ViewsForm(_DatedForm):
    """R-6.5: the trust's current questions, each on the scale of 1 to 5."""

    dates = (("answered_on", "date the pupil answered"),)
    moment = forms.ChoiceField(
        label="When is the pupil answering?",
        choices=ViewsResponse.Moment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select when the pupil is answering"},
    )
    answered_on = GovukDateField(label="Date the pupil answered", done=True)

    def __init__(self, *args, placement, questions, reviews, **kwargs):
        super().__init__(*args, placement=placement, **kwargs)
        self.questions = questions
        self.reviews = dict(reviews)  # "a12" / "f3" -> the review
        if self.reviews:
            self.fields["review"] = forms.ChoiceField(
                label="Which review (optional)",
                help_text="Only for answers given at a review",
                required=False,
                choices=[("", "Not at a review")]
                + [(key, label) for key, (label, _) in self.reviews.items()],
                widget=forms.RadioSelect,
            )
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=q.wording,
                choices=[(str(v), f"{v}: {label}") for v, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                error_messages={"required": f"Select an answer to “{q.wording}”"},
            )
        self.build_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("review") and cleaned.get("moment") != "review":
            self.add_error("review", "Only an answer at a review names the review")
        return cleaned

    def review_objects(self) -> dict:
        key = self.cleaned_data.get("review") or ""
        if not key:
            return {}
        review = self.reviews[key][1]
        return {"agreement_review": review} if key[0] == "a" else {"formal_review": review}

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class QuestionForm(GovukForm):
    wording = _line(
        "Question",
        "Enter the question",
        help_text="A statement the pupil agrees or disagrees with, for example “I feel safe”",
    )
    position = forms.IntegerField(
        label="Order",
        min_value=1,
        max_value=99,
        help_text="Questions are asked from the lowest number",
        error_messages={
            "required": "Enter the order",
            "invalid": "The order must be a whole number, like 3",
            "min_value": "The order must be 1 or more",
            "max_value": "The order must be 99 or less",
        },
    )
    active = forms.TypedChoiceField(
        label="Is the question asked?",
        choices=[("yes", "Yes"), ("no", "No, no longer asked")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Select whether the question is asked"},
    )
