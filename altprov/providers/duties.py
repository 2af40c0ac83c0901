"""Oversight duties (policy 10.3 to 10.5) for the duty engine: the re-audit of each provider a
school uses before its audit goes out of date (R-5.6), and the renewal of its letter of comfort
(R-5.5). The register is shared by the trust's schools, so the dates come from the trust's latest
signed-off audit and latest letter; each school using the provider is told."""

from collections.abc import Iterator

from altprov.core.duties import DueItem, DutyContext, url_maker

from .models import Provider
from .suitability import LIVE_PLACEMENTS, audit_expires, with_latest_records


def _providers_in_use(ctx: DutyContext) -> tuple[dict[int, set[int]], list[Provider]]:
    """Which of the context's schools use each provider (audited it, or a pupil placed there),
    and those providers with their latest audit and letter: three queries for all schools."""
    schools_of: dict[int, set[int]] = {}
    audited = Provider.objects.filter(audits__school_id__in=ctx.school_ids).values_list(
        "pk", "audits__school_id"
    )
    placed = Provider.objects.filter(
        placements__referral__school_id__in=ctx.school_ids,
        placements__status__in=LIVE_PLACEMENTS,
    ).values_list("pk", "placements__referral__school_id")
    for pairs in (audited.distinct(), placed.distinct()):
        for provider_id, school_id in pairs:
            schools_of.setdefault(provider_id, set()).add(school_id)
    providers = list(
        with_latest_records(Provider.objects.filter(pk__in=list(schools_of))).order_by("name")
    )
    return schools_of, providers


def _in_use(ctx: DutyContext):
    return ctx.shared("providers_in_use", _providers_in_use)


def reaudits_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-5.6: a provider's audit is in date for the trust's months from its visit; the re-audit
    is due by the last day it is in date. A provider whose latest audit found it not suitable is
    not re-audited on a timetable (it is not used)."""
    schools_of, providers = _in_use(ctx)
    url = url_maker("providers:detail")
    for provider in providers:
        if provider.latest_audit_visit is None or provider.latest_audit_suitable is False:
            continue
        for school_id in sorted(schools_of[provider.pk]):
            yield DueItem(
                duty="reaudit",
                school_id=school_id,
                due=audit_expires(provider.latest_audit_visit, ctx.settings(school_id)),
                subject_id=provider.pk,
                title=f"Re-audit of {provider.name}",
                url=url(provider.pk),
                link_text=f"Open {provider.name}",
            )


def letters_due(ctx: DutyContext) -> Iterator[DueItem]:
    """R-5.5: a new letter of comfort is due by the renewal date of the latest one."""
    schools_of, providers = _in_use(ctx)
    url = url_maker("providers:letter_add")
    for provider in providers:
        if provider.latest_letter_renewal_due is None:
            continue
        for school_id in sorted(schools_of[provider.pk]):
            yield DueItem(
                duty="letter_of_comfort",
                school_id=school_id,
                due=provider.latest_letter_renewal_due,
                subject_id=provider.pk,
                title=f"Letter of comfort from {provider.name}",
                url=url(provider.pk),
                link_text=f"Record a new letter of comfort from {provider.name}",
            )
