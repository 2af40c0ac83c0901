"""One form per section of Appendix 1, labelled in the appendix's words."""

import datetime as dt
import re

from crispy_forms.layout import HTML
from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from altprov.authz.fields import StaffChoiceField
from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm, GovukModelForm
from altprov.core.versions import VersionedFormMixin
from altprov.evidence.forms import EvidenceField
from altprov.providers.models import KEY_STAGES

from .appendix import (
    POLICY_DOCUMENTS,
    QUESTION_SECTIONS,
    UNREGISTERED_QUESTIONS,
    Section,
    question_key,
)
from .models import AuditDocument, AuditPerson, ProviderAudit

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


class VisitForm(VersionedFormMixin, GovukForm):
    visit_date = GovukDateField(label="Date of visit to AP", min_year=2015, done=True)
    visit_time = forms.CharField(
        label="Time of visit",
        max_length=10,
        help_text="For example, 10:30 or 2:15pm",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time of the visit"},
    )

    def clean_visit_time(self):
        match = TIME.match(self.cleaned_data["visit_time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time of the visit like 10:30 or 2:15pm")
        hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half == "pm" and hour < 12:
            hour += 12
        if half == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise forms.ValidationError("Enter a real time, like 10:30")
        return dt.time(hour, minute)

    def visit_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["visit_date"], self.cleaned_data["visit_time"])
        )


class PersonForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = AuditPerson
        fields = ["kind", "name", "role"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": "Who are you adding?", "name": "Name", "role": "Role"}
        error_messages = {
            "kind": {"required": "Select whether they were on the visit or completed the audit"},
            "name": {"required": "Enter their name"},
            "role": {"required": "Enter their role"},
        }


class RegistrationForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = ProviderAudit
        fields = [
            "registration_status",
            "on_la_list",
            "dfe_number",
            "ofsted_inspection_date",
            "ofsted_grading",
            "ofsted_safeguarding",
        ]
        widgets = {"registration_status": forms.RadioSelect, "on_la_list": forms.RadioSelect}
        help_texts = {
            "registration_status": "From the DfE's Get Information about Schools. If the provider "
            "cannot be found there, it is not a registered provider.",
            "dfe_number": "For an unregistered provider, enter n/a",
            "ofsted_inspection_date": "For an unregistered provider, enter n/a",
            "ofsted_grading": "For an unregistered provider, enter n/a",
            "ofsted_safeguarding": "For an unregistered provider, enter n/a",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = False


class ProfileForm(VersionedFormMixin, GovukModelForm):
    key_stage_choices = forms.MultipleChoiceField(
        label="Key stages available",
        choices=KEY_STAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProviderAudit
        fields = [
            "pupil_places",
            "key_stage_choices",
            "adults_over_18",
            "gcse_english_maths",
            "gcse_five_or_more",
            "exam_centre",
            "exam_centre_number",
        ]
        widgets = {
            "adults_over_18": forms.RadioSelect,
            "gcse_english_maths": forms.RadioSelect,
            "gcse_five_or_more": forms.RadioSelect,
            "exam_centre": forms.RadioSelect,
        }
        error_messages = {
            "pupil_places": {"invalid": "Enter the number of places as a whole number"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_stage_choices"].initial = self.instance.key_stage_list
        for name in self.fields:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exam_centre") == "yes" and not cleaned.get("exam_centre_number"):
            self.add_error("exam_centre_number", "Enter the exam centre number")
        return cleaned

    def save(self, commit=True):
        chosen = self.cleaned_data.get("key_stage_choices") or []
        self.instance.key_stages = "," + ",".join(chosen) + "," if chosen else ""
        return super().save(commit=commit)


class DocumentsForm(VersionedFormMixin, GovukForm):
    """The eleven policy documents: 'yes, seen' or 'no', with a link or uploaded evidence."""

    def __init__(self, *args, documents: dict, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for key, text in POLICY_DOCUMENTS:
            current = documents.get(key)
            self.fields[f"{key}__answer"] = forms.ChoiceField(
                label="Is it in place and up to date?",
                choices=AuditDocument.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.answer if current else None,
            )
            self.fields[f"{key}__link"] = forms.URLField(
                label="Link to the policy (optional)",
                required=False,
                initial=current.link if current else "",
                error_messages={
                    "invalid": f"Enter the link to '{text[:40]}' in full, like https://…"
                },
            )
            self.fields[f"{key}__upload"] = EvidenceField(
                label="Or upload it (optional)"
                if not (current and current.evidence)
                else "Replace the upload (optional)",
                required=False,
            )
            layout.append(
                Fieldset(
                    f"{key}__answer",
                    f"{key}__link",
                    f"{key}__upload",
                    legend=text,
                    legend_size=Size.SMALL,
                )
            )
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict:
        return {
            key: {
                "answer": self.cleaned_data[f"{key}__answer"],
                "link": self.cleaned_data[f"{key}__link"],
                "upload": self.cleaned_data.get(f"{key}__upload"),
            }
            for key, _ in POLICY_DOCUMENTS
        }


class QuestionsForm(VersionedFormMixin, GovukForm):
    """A section of the audit: for each question, findings with evidence, concern and next steps."""

    def __init__(self, *args, section: Section, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        layout = []
        for question in section.questions:
            key = question_key(section, question)
            current = answers.get(key)
            prefix = key.replace(".", "__")
            self.fields[f"{prefix}__findings"] = forms.CharField(
                label="Answer/findings (please include evidence)",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=current.findings if current else "",
            )
            self.fields[f"{prefix}__upload"] = EvidenceField(
                label="Upload evidence (optional)", required=False
            )
            self.fields[f"{prefix}__concern"] = forms.CharField(
                label="Concern",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=current.concern if current else "",
            )
            self.fields[f"{prefix}__next_steps"] = forms.CharField(
                label="Next steps",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=current.next_steps if current else "",
                help_text="Each next step is tracked until it is done",
            )
            fields = [
                f"{prefix}__findings",
                f"{prefix}__upload",
                f"{prefix}__concern",
                f"{prefix}__next_steps",
            ]
            if question.hint:
                layout.append(
                    Fieldset(
                        HTML(format_html('<div class="govuk-hint">{}</div>', question.hint)),
                        *fields,
                        legend=question.text,
                        legend_size=Size.MEDIUM,
                    )
                )
            else:
                layout.append(Fieldset(*fields, legend=question.text, legend_size=Size.MEDIUM))
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict:
        result = {}
        for question in self.section.questions:
            key = question_key(self.section, question)
            prefix = key.replace(".", "__")
            result[key] = {
                "findings": self.cleaned_data[f"{prefix}__findings"].strip(),
                "concern": self.cleaned_data[f"{prefix}__concern"].strip(),
                "next_steps": self.cleaned_data[f"{prefix}__next_steps"].strip(),
                "upload": self.cleaned_data.get(f"{prefix}__upload"),
            }
        return result


class UnregisteredForm(VersionedFormMixin, GovukModelForm):
    """Unregistered providers only: discussed with the AP headteacher or manager."""

    class Meta:
        model = ProviderAudit
        fields = [
            "reported_full_time_pupils",
            "reported_full_time_looked_after",
            "reported_full_time_ehcp",
            "reported_full_time_sen_support",
        ]
        error_messages = {
            name: {"invalid": "Enter a whole number, or 0"}
            for name in [
                "reported_full_time_pupils",
                "reported_full_time_looked_after",
                "reported_full_time_ehcp",
                "reported_full_time_sen_support",
            ]
        }

    def __init__(self, *args, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        questions = []
        for question in UNREGISTERED_QUESTIONS:
            current = answers.get(f"unregistered.{question.key}")
            self.fields[f"q__{question.key}"] = forms.CharField(
                label=question.text,
                help_text=question.hint,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=current.findings if current else "",
            )
            questions.append(f"q__{question.key}")
        for name in self._meta.fields:
            self.fields[name].required = False
        self.helper.layout = Layout(
            *questions,
            Fieldset(
                HTML(
                    '<div class="govuk-hint">The provider\'s own count, across every school and '
                    "local authority that places pupils there. The registration threshold is "
                    "worked out from these numbers and from this trust's placements (R-5.9).</div>"
                ),
                *self._meta.fields,
                legend="Full-time pupils of compulsory school age at the provider now",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("reported_full_time_pupils")
        parts = [
            cleaned.get(n)
            for n in (
                "reported_full_time_looked_after",
                "reported_full_time_ehcp",
                "reported_full_time_sen_support",
            )
        ]
        for name in (
            "reported_full_time_looked_after",
            "reported_full_time_ehcp",
            "reported_full_time_sen_support",
        ):
            value = cleaned.get(name)
            if value is not None and total is not None and value > total:
                self.add_error(name, "This cannot be more than the number of full-time pupils")
        if total is None and any(p for p in parts):
            self.add_error("reported_full_time_pupils", "Enter the number of full-time pupils")
        return cleaned

    def answers(self) -> dict:
        return {
            f"unregistered.{q.key}": {"findings": self.cleaned_data[f"q__{q.key}"].strip()}
            for q in UNREGISTERED_QUESTIONS
        }


class ActionPlanForm(VersionedFormMixin, GovukForm):
    """An owner and a due date for every next step."""

    def __init__(self, *args, actions, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        layout = []
        for action in self.actions:
            self.fields[f"a{action.pk}__owner"] = StaffChoiceField(
                label="Owner",
                queryset=owners,
                required=False,
                initial=action.owner_id,
                empty_label="Choose who will do it",
            )
            self.fields[f"a{action.pk}__due"] = GovukDateField(
                label="Due date", required=False, initial=action.due_on
            )
            layout.append(
                Fieldset(
                    f"a{action.pk}__owner",
                    f"a{action.pk}__due",
                    legend=action.description,
                    legend_size=Size.SMALL,
                )
            )
        self.helper.layout = Layout(*layout)

    def plans(self) -> dict:
        return {
            a.pk: (self.cleaned_data.get(f"a{a.pk}__owner"), self.cleaned_data.get(f"a{a.pk}__due"))
            for a in self.actions
        }


class OutcomeForm(VersionedFormMixin, GovukModelForm):
    suitable = forms.TypedChoiceField(
        label="Is this AP considered suitable for use?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ProviderAudit
        fields = ["suitable", "outcome_reason", "sit_discussion"]
        labels = {
            "outcome_reason": "Please summarise the reason for your judgement",
            "sit_discussion": "Please summarise here, discussions around decision making, and "
            "involvement from the trust's School Improvement Team",
        }
        help_texts = {
            "outcome_reason": "Review concerns and further actions that the audit has revealed"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The policy names its own trust here; the question names the audit's trust.
        trust = self.instance.provider.trust.name
        self.fields["sit_discussion"].label = (
            "Please summarise here, discussions around decision making, and involvement from "
            f"the {trust} School Improvement Team"
        )
        self.build_helper()
        if self.instance.suitable is not None:
            self.initial["suitable"] = "yes" if self.instance.suitable else "no"


class ActionDoneForm(GovukForm):
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what was done"},
    )


class SelfAssessmentRequestForm(GovukForm):
    """Issue 9: the sections of the audit the provider is asked to answer before the visit."""

    sections = forms.MultipleChoiceField(
        label="Which sections should the provider answer?",
        help_text="The provider's users are sent an email asking them to sign in and answer. "
        "You still check their answers, decide and sign off.",
        choices=[(s.key, s.title) for s in QUESTION_SECTIONS.values()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the sections the provider should complete"},
    )
