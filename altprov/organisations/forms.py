import re

from django import forms

from altprov.core.fields import GovukDateField
from altprov.core.forms import GovukModelForm

from .models import Region, RegistrationThresholdRule, School, TrustSettings


class SchoolForm(GovukModelForm):
    class Meta:
        model = School
        fields = [
            "name",
            "urn",
            "phase",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "attendance_target",
            "region",
        ]
        widgets = {"phase": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the school's name"},
            "urn": {
                "required": "Enter the school's URN",
                "unique": "Another school already has this URN",
            },
            "phase": {"required": "Select the school's phase"},
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
            "attendance_target": {
                "required": "Enter the attendance target",
                "invalid": "Enter the attendance target as a number, like 90",
            },
            "region": {"invalid_choice": "Select one of England's nine regions, or Not known"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Not known"), *Region.choices]

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        if not re.fullmatch(r"\d{6}", urn):
            raise forms.ValidationError("The URN must be 6 digits, like 100000")
        return urn

    def clean_postcode(self):
        postcode = re.sub(r"\s+", "", self.cleaned_data["postcode"]).upper()
        if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", postcode):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        return f"{postcode[:-3]} {postcode[-3:]}"


class TrustSettingsForm(GovukModelForm):
    class Meta:
        model = TrustSettings
        fields = [
            "unregistered_hours_cap",
            "audit_valid_months",
            "letter_of_comfort_valid_months",
            "review_interval",
            "visit_interval",
            "notice_school_days",
            "suspension_notice_hours",
            "trust_approval_weekly_cost",
            "financial_year_start_month",
            "reintegration_plan_school_days",
            "outcome_school_days",
            "retention_years",
            "safeguarding_retention_years",
        ]
        widgets = {"review_interval": forms.RadioSelect, "visit_interval": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        years = cleaned.get("retention_years")
        safeguarding = cleaned.get("safeguarding_retention_years")
        if years is not None and safeguarding is not None and safeguarding < years:
            self.add_error(
                "safeguarding_retention_years",
                "The years a record with safeguarding information is kept must be at least "
                f"the years every pupil's record is kept ({years})",
            )
        return cleaned


class ThresholdRuleForm(GovukModelForm):
    effective_from = GovukDateField(
        label="Date the rule comes into force",
        required=False,
        min_year=1990,
        help_text="For example, 1 9 2027. Leave empty while the rule is not in force.",
    )

    class Meta:
        model = RegistrationThresholdRule
        fields = [
            "effective_from",
            "headcount",
            "one_child_trigger",
            "full_time_hours",
            "sole_provision_is_full_time",
        ]
        widgets = {"one_child_trigger": forms.RadioSelect}

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if day is None:
            return day
        clash = (
            RegistrationThresholdRule.objects.filter(
                trust_id=self.instance.trust_id, effective_from=day
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash is not None:
            raise forms.ValidationError(
                f"The rule '{clash.name}' already comes into force on this date"
            )
        return day
