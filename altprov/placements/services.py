"""Making a placement from an approved, agreed referral (R-5.7, R-5.8, R-5.9, R-7.6)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from altprov.authz.permissions import Permission, has_permission

from .models import Placement, PlacementSession
from .rules import hours_cap_problem


def session_hours(sessions) -> Decimal:
    total = Decimal("0")
    for _day, starts, ends in sessions:
        start = dt.datetime.combine(dt.date.min, starts)
        end = dt.datetime.combine(dt.date.min, ends)
        total += Decimal((end - start).seconds) / Decimal(3600)
    return total


def check_placement(
    *,
    referral,
    provider,
    site,
    start_date,
    planned_end_date,
    sessions,
    exceptional_reasons,
    professionals_consulted,
):
    """Every rule a placement must meet before it is saved, as {field: message}."""
    errors: dict[str, str] = {}
    agreement = getattr(referral, "agreement", None)
    if not referral.is_approved or agreement is None or agreement.response != "agreed":
        errors["__all__"] = (
            "A placement follows an approved referral that the parents or carers agreed to"
        )
    if provider.trust_id != referral.school.trust_id:
        errors["provider"] = "Choose a provider on your trust's register"
    if site is not None and site.provider_id != provider.pk:
        errors["site"] = "Choose one of the provider's sites"
    if start_date and planned_end_date:
        if planned_end_date <= start_date:
            errors["planned_end_date"] = "The planned end date must be after the start date"
        elif (
            agreement is not None
            and (planned_end_date - start_date).days > agreement.maximum_weeks * 7
        ):
            errors["planned_end_date"] = (
                f"The placement is longer than the maximum period agreed with the parents "
                f"({agreement.maximum_weeks} weeks)"
            )
    if not sessions:
        errors["sessions"] = "Enter at least one day of the weekly pattern"
    else:
        problem = hours_cap_problem(provider, session_hours(sessions))
        if problem:
            errors["sessions"] = problem
    if provider.is_unregistered:
        if not exceptional_reasons.strip():
            errors["exceptional_reasons"] = (
                "Say why no registered provision can meet the pupil's needs (R-5.7)"
            )
        if not professionals_consulted.strip():
            errors["professionals_consulted"] = (
                "Say which wider professionals were consulted (R-5.7)"
            )
    return errors


@transaction.atomic
def placement_create(*, referral, provider, site, sessions, by, **fields) -> Placement:
    errors = check_placement(
        referral=referral,
        provider=provider,
        site=site,
        start_date=fields.get("start_date"),
        planned_end_date=fields.get("planned_end_date"),
        sessions=sessions,
        exceptional_reasons=fields.get("exceptional_reasons", ""),
        professionals_consulted=fields.get("professionals_consulted", ""),
    )
    if errors:
        raise ValidationError(errors)
    placement = Placement(referral=referral, provider=provider, site=site, created_by=by, **fields)
    if provider.urn or provider.ukprn:
        placement.census_setting_type = ""
    placement._history_user = by
    placement.save()
    PlacementSession.objects.bulk_create(
        PlacementSession(placement=placement, day=day, starts_at=starts, ends_at=ends)
        for day, starts, ends in sessions
    )
    return placement


def sit_agree(*, placement: Placement, by) -> Placement:
    """R-5.7: the School Improvement Team agrees to a placement with an unregistered provider."""
    if not has_permission(
        by, Permission.AGREE_UNREGISTERED_PLACEMENTS, school=placement.referral.school
    ):
        raise PermissionDenied
    if not placement.provider.is_unregistered:
        raise ValidationError("Only a placement with an unregistered provider needs this agreement")
    placement.sit_agreed_by = by
    placement.sit_agreed_at = timezone.now()
    placement._history_user = by
    placement.save(update_fields=["sit_agreed_by", "sit_agreed_at"])
    return placement
