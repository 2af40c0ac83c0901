"""History of changes of each kind of record people edit (X-1).

Each page is reached from its record's page and lets in exactly those the record's page lets in,
through the same scoped selector (404 for anyone else, R-10.2). A page about a pupil declares the
pupil through `pupil_view_for` and prints their name, so the view is logged like the record's
page. Sensitive fields follow `altprov.audit.sensitivity`: a viewer without the flag is told
that something changed, never what, in any version.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.audit.sensitivity import Flag, flags_for
from altprov.authz.permissions import Permission, has_permission
from altprov.placements.models import Placement, PlacementRecords, PlacementSession, PlanObjective
from altprov.placements.views import placement_for
from altprov.provider_audits.models import AuditAction, AuditPerson, ProviderAudit
from altprov.provider_audits.selectors import audit_for
from altprov.providers.models import KEY_STAGES, Provider, ProviderContact, ProviderSite
from altprov.providers.selectors import provider_for
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.selectors import pupil_view_for
from altprov.referrals.models import Agreement, Consultation, Referral, ReferralMeeting
from altprov.referrals.views import referral_for

from .changes import Source, history_page

PLAN_FIELDS = (
    "assessment_and_monitoring",
    "baseline_attainment",
    "baseline_attendance",
    "baseline_behaviour",
    "ehcp_link",
    "objectives_shared_on",
)


def _year_group(value) -> str:
    return "Reception" if value == 0 else f"Year {value}"


def _key_stages(value) -> str:
    labels = dict(KEY_STAGES)
    return ", ".join(labels.get(k, k) for k in value.split(",") if k) or "Not recorded"


def _page(request, sources, *, title, caption, back_url, back_text, allowed, school, trust):
    page, changes = history_page(
        sources, request.GET.get("page"), allowed=allowed, school=school, trust=trust
    )
    return render(
        request,
        "history/history.html",
        {
            "title": title,
            "caption": caption,
            "back_url": back_url,
            "back_text": back_text,
            "page_obj": page,
            "changes": changes,
            "query": "",
        },
    )


def _pupil_flags(view) -> frozenset[Flag]:
    """The pupil record's own rule: `pupil_view_for`'s flags."""
    shown = {Flag.SEND: view.shows_send, Flag.SAFEGUARDING: view.shows_safeguarding}
    return frozenset(f for f, yes in shown.items() if yes)


@shows_pupils("pupil record: history of changes")
def pupil_history(request, pupil_id: int):
    view = pupil_view_for(request.user, pupil_id)
    pupil = view.pupil
    sources = [
        Source(
            Pupil,
            {"id": pupil.pk},
            "Pupil record",
            exclude=("school",),
            display={"year_group": _year_group},
        ),
        Source(
            Carer,
            {"pupil_id": pupil.pk},
            "Parent or carer",
            name=lambda r: r.name,
            exclude=("pupil",),
        ),
    ]
    return _page(
        request,
        sources,
        title=f"History of changes: {pupil.full_name}",
        caption=pupil.school.name,
        back_url=reverse("pupils:detail", args=[pupil.pk]),
        back_text="Back to the pupil's record",
        allowed=_pupil_flags(view),
        school=pupil.school,
        trust=pupil.school.trust,
    )


@shows_pupils("referral: history of changes")
def referral_history(request, referral_id: int):
    referral = referral_for(request, referral_id)
    pupil = referral.pupil
    sources = [
        Source(
            Referral,
            {"id": referral.pk},
            "Referral",
            exclude=("pupil", "school", "created_at"),
        ),
        Source(
            Consultation,
            {"referral_id": referral.pk},
            "View recorded",
            name=lambda r: Consultation.Role(r.role).label,
            exclude=("referral", "at"),
        ),
        Source(ReferralMeeting, {"referral_id": referral.pk}, "Meeting", exclude=("referral",)),
        Source(
            Agreement,
            {"referral_id": referral.pk},
            "Agreement with the parents",
            exclude=("referral", "recorded_at"),
        ),
    ]
    return _page(
        request,
        sources,
        title=f"History of changes: referral of {pupil.full_name}",
        caption=f"Referral of {referral.created_at:%-d %B %Y}",
        back_url=reverse("referrals:overview", args=[referral.pk]),
        back_text="Back to the referral",
        allowed=_pupil_flags(pupil_view_for(request.user, pupil.pk)),
        school=referral.school,
        trust=pupil.school.trust,
    )


@shows_pupils("placement: history of changes")
def placement_history(request, placement_id: int):
    placement = placement_for(request, placement_id)
    pupil = placement.pupil
    sources = [
        Source(Placement, {"id": placement.pk}, "Placement", exclude=("referral", "created_at")),
        Source(
            PlacementSession,
            {"placement_id": placement.pk},
            "Weekly session",
            name=lambda r: PlacementSession.Day(r.day).label,
            exclude=("placement",),
        ),
    ]
    return _page(
        request,
        sources,
        title=f"History of changes: placement of {pupil.full_name}",
        caption=f"At {placement.provider.name}",
        back_url=reverse("placements:detail", args=[placement.pk]),
        back_text="Back to the placement",
        allowed=_pupil_flags(pupil_view_for(request.user, pupil.pk)),
        school=placement.referral.school,
        trust=pupil.school.trust,
    )


@shows_pupils("placement: personalised plan: history of changes")
def plan_history(request, placement_id: int):
    placement = placement_for(request, placement_id)
    school = placement.referral.school
    if not has_permission(request.user, Permission.MAKE_REFERRALS, school=school):
        raise Http404  # as the plan's page (placements:plan)
    pupil = placement.pupil
    sources = [
        Source(
            PlacementRecords,
            {"placement_id": placement.pk},
            "Personalised plan",
            fields=PLAN_FIELDS,
        ),
        Source(
            PlanObjective,
            {"placement_id": placement.pk},
            "Objective",
            name=lambda r: r.objective[:60],
            exclude=("placement",),
        ),
    ]
    return _page(
        request,
        sources,
        title=f"History of changes: personalised plan of {pupil.full_name}",
        caption=f"Placement at {placement.provider.name}",
        back_url=reverse("placements:detail", args=[placement.pk]),
        back_text="Back to the placement",
        allowed=_pupil_flags(pupil_view_for(request.user, pupil.pk)),
        school=school,
        trust=pupil.school.trust,
    )


def audit_history(request, audit_id: int):
    audit = audit_for(request.user, audit_id)
    sources = [
        Source(
            ProviderAudit,
            {"id": audit.pk},
            "Audit",
            exclude=("provider", "school", "created_at"),
            display={"key_stages": _key_stages},
        ),
        Source(
            AuditPerson,
            {"audit_id": audit.pk},
            "Person spoken to",
            name=lambda r: r.name,
            exclude=("audit",),
        ),
        Source(
            AuditAction,
            {"audit_id": audit.pk},
            "Next step",
            name=lambda r: r.description[:60],
            exclude=("audit", "question_key"),
        ),
    ]
    return _page(
        request,
        sources,
        title=f"History of changes: audit of {audit.provider.name}",
        caption=f"{audit.school.name}, version {audit.version}",
        back_url=reverse("provider_audits:overview", args=[audit.pk]),
        back_text="Back to the audit",
        allowed=flags_for(request.user, audit.school),
        school=audit.school,
        trust=audit.provider.trust,
    )


def provider_history(request, provider_id: int):
    provider = provider_for(request.user, provider_id)
    sources = [
        Source(
            Provider,
            {"id": provider.pk},
            "Provider",
            exclude=("trust",),
            display={"key_stages": _key_stages},
        ),
        Source(
            ProviderSite,
            {"provider_id": provider.pk},
            "Site",
            name=lambda r: r.name,
            exclude=("provider",),
        ),
        Source(
            ProviderContact,
            {"provider_id": provider.pk},
            "Contact",
            name=lambda r: r.name,
            exclude=("provider",),
        ),
    ]
    return _page(
        request,
        sources,
        title=f"History of changes: {provider.name}",
        caption="Provider register",
        back_url=reverse("providers:detail", args=[provider.pk]),
        back_text="Back to the provider",
        allowed=frozenset(Flag),  # nothing of a provider is sensitive
        school=None,
        trust=provider.trust,
    )
