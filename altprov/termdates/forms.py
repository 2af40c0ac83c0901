from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukModelForm

from .models import AcademicYear, ClosureDay, Term


class AcademicYearForm(GovukModelForm):
    start = GovukDateField(
        label="First day of the academic year", help_text="For example, 1 9 2026"
    )
    end = GovukDateField(label="Last day of the academic year", help_text="For example, 31 8 2027")

    class Meta:
        model = AcademicYear
        fields = ["start", "end"]


class TermForm(GovukModelForm):
    start = GovukDateField(label="First day of term")
    half_term_break_start = GovukDateField(label="First day of the half-term break")
    half_term_break_end = GovukDateField(label="Last day of the half-term break")
    end = GovukDateField(label="Last day of term")

    class Meta:
        model = Term
        fields = ["name", "start", "half_term_break_start", "half_term_break_end", "end"]
        widgets = {"name": forms.RadioSelect}
        labels = {"name": "Which term is it?"}
        error_messages = {
            "name": {"required": "Select which term it is"},
        }

    def validate_unique(self):
        # The constraint names the academic year, which is not a field of the form, so Django
        # would skip it: check it here and say it in words.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error("name", "This academic year already has this term")


class ClosureDayForm(GovukModelForm):
    date = GovukDateField(label="Date of the closure")

    class Meta:
        model = ClosureDay
        fields = ["date", "kind", "description"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"description": "Description (optional)"}
        error_messages = {"kind": {"required": "Select the type of day"}}

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error("date", "This school already has a closure on this date")
