"""Proposing and approving AP budgets (R-10.10). Every write takes the acting user, checks their
permission in the school, and records history. Approval and return happen once: the budget is
locked and read again before the proposal's state is checked."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.locking import lock

from .models import Budget, BudgetProposal
from .rules import FinancialYear

MAXIMUM = Decimal("999999999.99")


def _check(user, permission: Permission, school) -> None:
    if not has_permission(user, permission, school=school):
        raise PermissionDenied


def _budget(school, year: FinancialYear, by) -> Budget:
    """The school's budget for the year, made on its first proposal."""
    budget = Budget.objects.filter(school=school, year_start=year.start).first()
    if budget is not None:
        return budget
    try:
        with transaction.atomic():
            budget = Budget(
                school=school,
                year_start=year.start,
                year_end=year.end,
                status=Budget.Status.PROPOSED,
            )
            budget._history_user = by
            budget.save()
            return budget
    except IntegrityError:  # made by a request at the same moment
        return Budget.objects.get(school=school, year_start=year.start)


def budget_propose(
    *, school, year: FinancialYear, amount: Decimal, note: str = "", by
) -> BudgetProposal:
    """R-10.10: the Headteacher proposes the school's AP budget for a financial year, or a
    change to the approved one. Refused while a proposal waits for the trust; the approved
    amount stays in force until the trust approves the change."""
    _check(by, Permission.PROPOSE_BUDGETS, school)
    amount = Decimal(amount)
    if amount < 0 or amount > MAXIMUM:
        raise ValidationError({"amount": "The budget must be between £0 and £999,999,999.99"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "The budget must be in pounds and pence, like 12500.00"})
    with transaction.atomic():
        budget = _budget(school, year, by)
        lock(budget)
        waiting = budget.proposals.filter(state=BudgetProposal.State.PROPOSED).first()
        if waiting is not None:
            raise ValidationError(
                f"A budget of £{waiting.amount:,.2f} for {year} is already waiting for the trust's "
                "approval"
            )
        if budget.approved_amount is not None and budget.approved_amount == amount:
            raise ValidationError(
                {"amount": f"£{amount:,.2f} is already the approved budget for {year}"}
            )
        proposal = BudgetProposal(budget=budget, amount=amount, note=note.strip(), proposed_by=by)
        proposal._history_user = by
        proposal.full_clean()
        proposal.save()
        if budget.status != Budget.Status.PROPOSED:
            budget.status = Budget.Status.PROPOSED
            budget._history_user = by
            budget.save(update_fields=["status"])
    return proposal


def _decide(proposal: BudgetProposal, by) -> Budget:
    """Lock the budget, read the proposal again, and refuse unless it is still waiting."""
    budget = proposal.budget
    _check(by, Permission.APPROVE_BUDGETS, budget.school)
    lock(budget)
    proposal.refresh_from_db()
    if proposal.state != BudgetProposal.State.PROPOSED:
        raise ValidationError(
            f"This proposal has already been {proposal.get_state_display().lower()} by the trust"
        )
    return budget


def budget_approve(*, proposal: BudgetProposal, by) -> Budget:
    """R-10.10: the trust approves a proposal, once. Its amount is the budget in force."""
    with transaction.atomic():
        budget = _decide(proposal, by)
        now = timezone.now()
        proposal.state = BudgetProposal.State.APPROVED
        proposal.decided_by, proposal.decided_at = by, now
        proposal._history_user = by
        proposal.save(update_fields=["state", "decided_by", "decided_at"])
        budget.status = Budget.Status.APPROVED
        budget.approved_amount = proposal.amount
        budget.approved_by, budget.approved_at = by, now
        budget._history_user = by
        budget.save(update_fields=["status", "approved_amount", "approved_by", "approved_at"])
    return budget


def budget_return(*, proposal: BudgetProposal, reason: str, by) -> Budget:
    """R-10.10: the trust returns a proposal with its reason, once. The Headteacher may propose
    again; an amount approved before stays in force."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the trust is returning the proposal"})
    with transaction.atomic():
        budget = _decide(proposal, by)
        proposal.state = BudgetProposal.State.RETURNED
        proposal.decided_by, proposal.decided_at = by, timezone.now()
        proposal.return_reason = reason
        proposal._history_user = by
        proposal.save(update_fields=["state", "decided_by", "decided_at", "return_reason"])
        budget.status = Budget.Status.RETURNED
        budget._history_user = by
        budget.save(update_fields=["status"])
    return budget
