"""Scoped reads of AP budgets (R-10.10): outside the user's scope is a 404."""

from django.http import Http404

from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission

from .models import BudgetProposal


def proposal_for(user, pk, permission: Permission = Permission.VIEW_BUDGETS) -> BudgetProposal:
    """The proposal if the user may see budgets in its school and holds `permission` there."""
    try:
        proposal = (
            BudgetProposal.objects.filter(
                budget__school_id__in=school_ids_with(user, Permission.VIEW_BUDGETS)
            )
            .select_related("budget__school__trust", "proposed_by")
            .get(pk=pk)
        )
    except (BudgetProposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not has_permission(user, permission, school=proposal.budget.school):
        raise Http404
    return proposal
