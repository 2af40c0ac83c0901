"""Referral duties: a decision for the Headteacher, a view from the DSL or SENDCo (section 8)."""

from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.attention import AttentionItem, attention_source
from altprov.organisations.selectors import current_school

from .models import Referral
from .rules import has_additional_needs


@attention_source
def referral_duties(request) -> list[AttentionItem]:
    school = current_school(request)
    user = request.user
    if school is None:
        return []
    items = []
    if has_permission(user, Permission.DECIDE_REFERRALS, school=school):
        for referral in Referral.objects.filter(
            school=school, submitted_at__isnull=False, decision=""
        ).select_related("pupil"):
            items.append(
                AttentionItem(
                    title="A referral to alternative provision is waiting for your decision",
                    detail=f"Put to you on {referral.submitted_at:%-d %B %Y}.",
                    url=reverse("referrals:overview", args=[referral.pk]),
                    link_text=f"Open the referral of {referral.pupil.full_name}",
                )
            )
    if has_permission(user, Permission.CONSULT_ON_REFERRALS, school=school):
        for referral in (
            Referral.objects.filter(school=school, submitted_at__isnull=True)
            .select_related("pupil")
            .prefetch_related("consultations")
        ):
            consulted_by_me = any(c.by_id == user.pk for c in referral.consultations.all())
            if has_additional_needs(referral.pupil) and not consulted_by_me:
                items.append(
                    AttentionItem(
                        title="Your view is needed on a referral to alternative provision",
                        detail="The pupil has additional needs, so the DSL and SENDCo are consulted (policy section 8).",
                        url=reverse("referrals:consult", args=[referral.pk]),
                        link_text=f"Record your view on the referral of {referral.pupil.full_name}",
                    )
                )
    return items
