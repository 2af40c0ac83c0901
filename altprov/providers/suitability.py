"""Suitability is continual and computed, never typed (R-5.6).

A provider's status comes from the trust's most recent signed-off audit of it (by visit date, from
any of the trust's schools, since the register is shared), its most recent letter of comfort and
the open next steps of that audit, against the trust's validity periods:

  no audit -> not suitable -> audit out of date -> letter of comfort missing -> letter of comfort
  expired -> approved with open actions -> approved

The rule is one SQL expression, so the register can filter, sort and paginate on it with a fixed
number of queries; a single provider is read through the same annotation.
"""

import datetime as dt
import enum

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from altprov.organisations.models import TrustSettings
from altprov.provider_audits.models import AuditAction, ProviderAudit

from .models import LetterOfComfort, Provider

# Placements that tie a school to a provider (the placements app's planned and attending).
LIVE_PLACEMENTS = ("planned", "active")


class Suitability(enum.StrEnum):
    NO_AUDIT = "no_audit"
    NOT_SUITABLE = "not_suitable"
    AUDIT_OUT_OF_DATE = "audit_out_of_date"
    LETTER_MISSING = "letter_missing"
    LETTER_EXPIRED = "letter_expired"
    APPROVED_WITH_ACTIONS = "approved_with_actions"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return LABELS[self][0]

    @property
    def colour(self) -> str:
        return LABELS[self][1]

    @property
    def usable(self) -> bool:
        """Whether a placement may rely on it (R-7.4)."""
        return self in (Suitability.APPROVED, Suitability.APPROVED_WITH_ACTIONS)


LABELS = {
    Suitability.NO_AUDIT: ("No audit", "grey"),
    Suitability.NOT_SUITABLE: ("Not suitable", "red"),
    Suitability.AUDIT_OUT_OF_DATE: ("Audit out of date", "orange"),
    Suitability.LETTER_MISSING: ("Letter of comfort missing", "orange"),
    Suitability.LETTER_EXPIRED: ("Letter of comfort expired", "orange"),
    Suitability.APPROVED_WITH_ACTIONS: ("Approved with open actions", "yellow"),
    Suitability.APPROVED: ("Approved", "green"),
}
CHOICES = [(s.value, s.label) for s in Suitability]


def audit_cutoff(settings: TrustSettings, today: dt.date) -> dt.date:
    """The earliest visit date of an audit still in date today."""
    return today - relativedelta(months=settings.audit_valid_months)


def with_suitability(queryset, settings: TrustSettings, today: dt.date):
    """Annotates providers with what their status rests on and the status itself:
    latest_audit_id, latest_audit_visit, latest_audit_school_id, latest_audit_suitable,
    latest_letter_renewal_due, open_actions and suitability (a Suitability value)."""
    open_actions = (
        AuditAction.objects.filter(audit_id=OuterRef("latest_audit_id"), done_at__isnull=True)
        .order_by()
        .values("audit_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cutoff = audit_cutoff(settings, today)
    return (
        with_latest_records(queryset)
        .annotate(
            open_actions=Subquery(open_actions),
        )
        .annotate(
            suitability=Case(
                When(latest_audit_id__isnull=True, then=Value(Suitability.NO_AUDIT.value)),
                When(latest_audit_suitable=False, then=Value(Suitability.NOT_SUITABLE.value)),
                When(
                    latest_audit_visit__lt=start_of_day(cutoff),
                    then=Value(Suitability.AUDIT_OUT_OF_DATE.value),
                ),
                When(
                    latest_letter_renewal_due__isnull=True,
                    then=Value(Suitability.LETTER_MISSING.value),
                ),
                When(
                    latest_letter_renewal_due__lt=today,
                    then=Value(Suitability.LETTER_EXPIRED.value),
                ),
                When(open_actions__gt=0, then=Value(Suitability.APPROVED_WITH_ACTIONS.value)),
                default=Value(Suitability.APPROVED.value),
            )
        )
    )


def with_latest_records(queryset):
    """Annotates providers with the trust's latest signed-off audit of each (latest_audit_id,
    latest_audit_visit, latest_audit_school_id, latest_audit_suitable) and the renewal date of
    its latest letter of comfort (latest_letter_renewal_due): what suitability and the renewal
    duties (R-5.5, R-5.6) rest on."""
    latest_audit = ProviderAudit.objects.filter(
        provider=OuterRef("pk"), signed_off_at__isnull=False
    ).order_by("-visit_at", "-signed_off_at", "-pk")
    latest_letter = LetterOfComfort.objects.filter(provider=OuterRef("pk")).order_by(
        "-received_on", "-pk"
    )
    return queryset.annotate(
        latest_audit_id=Subquery(latest_audit.values("pk")[:1]),
        latest_audit_visit=Subquery(latest_audit.values("visit_at")[:1]),
        latest_audit_school_id=Subquery(latest_audit.values("school_id")[:1]),
        latest_audit_suitable=Subquery(latest_audit.values("suitable")[:1]),
        latest_letter_renewal_due=Subquery(latest_letter.values("renewal_due")[:1]),
    )


def audit_expires(visit_at: dt.datetime, settings: TrustSettings) -> dt.date:
    """The last day an audit visited at `visit_at` is in date (R-5.6): the re-audit is due by
    then."""
    return timezone.localtime(visit_at).date() + relativedelta(months=settings.audit_valid_months)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day`, in the service's time zone, for comparing visit times."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def in_use_by(school_id: int):
    """Providers a school works with: those it has audited, and those where one of its pupils
    is placed (planned or attending)."""
    return Exists(ProviderAudit.objects.filter(provider=OuterRef("pk"), school_id=school_id)) | Q(
        pk__in=Provider.objects.filter(
            placements__referral__school_id=school_id,
            placements__status__in=LIVE_PLACEMENTS,
        ).values("pk")
    )
