from django import forms

from altprov.authz.fields import StaffChoiceField, staff_of
from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukForm
from altprov.pupils.forms import _yes_no_field

from .services import headteachers_of


class SuspensionForm(GovukForm):
    """R-10.3. The exception questions appear only where they can apply: Year 11 for the public
    examinations, an EHC plan for fewer hours."""

    first_day = GovukDateField(
        label="First day of the suspension", help_text="A school day, for example 5 10 2026"
    )
    school_days = forms.IntegerField(
        label="Number of school days",
        min_value=1,
        max_value=45,
        help_text="Count school days only: weekends, bank holidays, half terms and INSET days "
        "are left out on the school's calendar",
        error_messages={"required": "Enter the number of school days"},
    )
    reason = forms.CharField(
        label="Reason for the suspension",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the suspension"},
    )
    parents_told_on = GovukDateField(
        label="Date the parents were told (optional)", done=True, required=False
    )

    def __init__(self, *args, pupil, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        heads = staff_of(pupil.school).filter(
            pk__in=headteachers_of(pupil.school).values("user_id")
        )
        self.fields["decided_by"] = StaffChoiceField(
            label="Decided by",
            help_text="The Headteacher decides suspensions",
            queryset=heads,
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={
                "required": "Select the Headteacher who decided the suspension",
                "invalid_choice": "Select the Headteacher who decided the suspension",
            },
        )
        if user in heads:
            self.initial.setdefault("decided_by", user.pk)
        if pupil.year_group == 11:
            self.fields["year11_no_further_exams"] = _yes_no_field(
                "Has the pupil finished their public examinations, with none still to take?",
                "Select yes if the pupil has no further public examinations to take",
                "Year 11 with no further public examinations: no provision is needed from the "
                "sixth day",
            )
        if pupil.send_status == "ehcp":
            self.fields["ehcp_fewer_hours"] = forms.BooleanField(
                label="The pupil's EHC plan specifies fewer hours than full-time education",
                help_text="Then provision from the sixth day follows the hours in the plan",
                required=False,
            )
        self.order_fields(["first_day", "school_days", "reason", "decided_by", "parents_told_on"])
        self.build_helper()  # lay out the fields added here too


class ParentsToldForm(GovukForm):
    told_on = GovukDateField(label="Date the parents were told", done=True)
