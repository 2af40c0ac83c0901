from django import forms

from altprov.core.forms import GovukForm


class ProposalForm(GovukForm):
    """R-10.10: the Headteacher's proposal of the AP budget for a financial year."""

    year = forms.ChoiceField(
        label="Which financial year is the budget for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the financial year",
            "invalid_choice": "Select the financial year",
        },
    )
    amount = forms.DecimalField(
        label="AP budget for the year (£)",
        help_text="The most the school plans to spend on alternative provision in the year, "
        "like 25000.00",
        min_value=0,
        max_digits=11,
        decimal_places=2,
        error_messages={
            "required": "Enter the AP budget for the year",
            "invalid": "Enter the budget as a number, like 25000.00",
            "min_value": "The AP budget must be £0 or more",
            "max_digits": "The AP budget must be less than £1,000,000,000",
            "max_whole_digits": "The AP budget must be less than £1,000,000,000",
            "max_decimal_places": "Enter the AP budget in pounds and pence, like 25000.50",
        },
    )
    note = forms.CharField(
        label="What the budget is based on (optional)",
        help_text="For example, the placements planned and their weekly costs",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = {year.start.isoformat(): year for year in years}
        self.fields["year"].choices = [
            (key, f"{year.label} (1 {year.start:%B %Y} to {year.end:%-d %B %Y})")
            for key, year in self.years.items()
        ]
        self.build_helper()

    def clean_year(self):
        return self.years[self.cleaned_data["year"]]


class ReturnForm(GovukForm):
    reason = forms.CharField(
        label="Why is the trust returning the proposal?",
        help_text="The Headteacher sees this and may propose again",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the trust is returning the proposal"},
    )
