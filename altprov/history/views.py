"""History of changes of each kind of record people edit (X-1).

Each page is reached from its record's page and lets in exactly those the record's page lets in,
through the same scoped selector (404 for anyone else, R-10.2). A page about a pupil declares the
pupil through `pupil_view_for` and prints their name, so the view is logged like the record's
page. Sensitive fields follow `altprov.audit.sensitivity`: a viewer without the flag is told
that something changed, never what, in any version.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateformat import format as date_format

from altprov.audit.access import shows_pupils
from altprov.audit.sensitivity import Flag, flags_for
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.placements.models import PlacementRecords, PlanObjective
from altprov.placements.views import placement_for
from altprov.provider_audits.models import AuditAction, AuditPerson, ProviderAudit
from altprov.provider_audits.selectors import audit_for
from altprov.providers.models import (
    KEY_STAGES,
    LetterOfComfort,
    OfstedInspection,
    Provider,
    ProviderContact,
    ProviderSite,
)
from altprov.providers.selectors import provider_for
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.selectors import pupil_view_for
from altprov.referrals.models import Agreement, Consultation, Referral, ReferralMeeting
from altprov.referrals.views import referral_for
from altprov.suspensions.models import Suspension

from .changes import Source, history_page
from .placement_sources import GROUPS, placement_sources

PLAN_FIELDS = (
    "assessment_and_monitoring",
    "baseline_attainment",
    "baseline_attendance",
    "baseline_behaviour",
    "ehcp_link",
    "objectives_shared_on",
)


def _key_stages(value) -> str:
    labels = dict(KEY_STAGES)
    return ", ".join(labels.get(k, k) for k in value.split(",") if k) or "Not recorded"


def _page(
    request, sources, *, title, caption, back_url, back_text, allowed, school, trust, show=None
):
    """The page; `show` is the chosen group of a page with a filter (`placement_sources.GROUPS`)."""
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
            "groups": GROUPS if show is not None else (),
            "show": show,
            "query": urlencode({"show": show}) if show else "",
        },
    )


def _pupil_flags(view) -> frozenset[Flag]:
    """The pupil record's own rule: `pupil_view_for`'s flags (who sees SEND detail sees access
    arrangements too)."""
    shown = {
        Flag.SEND: view.shows_send,
        Flag.SAFEGUARDING: view.shows_safeguarding,
        Flag.ACCESS_ARRANGEMENTS: view.shows_send,
    }
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
        ),
        Source(
            Carer,
            {"pupil_id": pupil.pk},
            "Parent or carer",
            name=lambda r: r.name,
            exclude=("pupil",),
        ),
        Source(
            Suspension,
            {"pupil_id": pupil.pk},
            "Suspension",
            name=lambda r: f"from {date_format(r.first_day, 'j F Y')}",
            exclude=("pupil", "school", "recorded_by", "recorded_at"),
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
    # The exams page's rule for access arrangements: the Assessment Lead sees them too.
    allowed = _pupil_flags(pupil_view_for(request.user, pupil.pk)) | (
        flags_for(request.user, placement.referral.school) & {Flag.ACCESS_ARRANGEMENTS}
    )
    show = request.GET.get("show", "")
    show = show if show in dict(GROUPS) else ""
    return _page(
        request,
        placement_sources(placement.pk, show, allowed=allowed),
        title=f"History of changes: placement of {pupil.full_name}",
        caption=f"At {placement.provider.name}",
        back_url=reverse("placements:detail", args=[placement.pk]),
        back_text="Back to the placement",
        allowed=allowed,
        school=placement.referral.school,
        trust=pupil.school.trust,
        show=show,
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
        Source(
            LetterOfComfort,
            {"provider_id": provider.pk},
            "Letter of comfort",
            name=lambda r: f"received {date_format(r.received_on, 'j F Y')}",
            exclude=("provider", "recorded_by", "recorded_at"),
        ),
        Source(
            OfstedInspection,
            {"provider_id": provider.pk},
            "Ofsted inspection",
            name=lambda r: date_format(r.inspection_date, "j F Y"),
            exclude=("provider", "recorded_by"),
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
