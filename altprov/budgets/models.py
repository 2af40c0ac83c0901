"""AP budgets (R-10.10): one per school per financial year, proposed by the Headteacher and
approved by the trust. Every proposal is kept, with its decision; the amount approved last stays
in force while a change to it waits for the trust."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .rules import financial_year_starting


class Budget(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the trust's approval"
        APPROVED = "approved", "Approved by the trust"
        RETURNED = "returned", "Returned by the trust"

    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="ap_budgets"
    )
    year_start = models.DateField("first day of the financial year")
    year_end = models.DateField("last day of the financial year")
    # Where the latest proposal stands.
    status = models.CharField(max_length=10, choices=Status.choices)
    # The amount the trust approved last: in force until a later proposal is approved.
    approved_amount = models.DecimalField(
        "approved budget (£)", max_digits=11, decimal_places=2, null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "-year_start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year_start"], name="one_budget_per_year"),
            models.CheckConstraint(
                condition=models.Q(year_end__gt=models.F("year_start")),
                name="budget_year_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"AP budget for {self.year}"

    @property
    def year(self):
        return financial_year_starting(self.year_start)


class BudgetProposal(models.Model):
    """One proposal of an amount for the year, decided once by the trust."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the trust's approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="proposals")
    amount = models.DecimalField(
        "proposed budget (£)",
        max_digits=11,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField("what the budget is based on", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField("why the trust returned it", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} proposed for {self.budget.year}"
