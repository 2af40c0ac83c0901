"""Placements: made from an approved, agreed referral (R-5.7, R-5.8, R-5.9, R-7.6)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from altprov.audit.access import shows_pupils
from altprov.authz.permissions import Permission, has_permission, school_ids_with
from altprov.providers.models import Provider
from altprov.referrals.views import referral_for

from . import services
from .forms import PlacementForm
from .models import Placement
from .rules import placed_pupil, threshold_with


def placement_for(request, placement_id) -> Placement:
    try:
        placement = (
            Placement.objects.filter(
                referral__school_id__in=school_ids_with(request.user, Permission.VIEW_PUPILS)
            )
            .select_related(
                "referral__pupil__school__trust", "provider__trust", "site", "sit_agreed_by"
            )
            .prefetch_related("sessions")
            .get(pk=placement_id)
        )
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    request.pupils_shown = [placement.pupil]
    return placement


@shows_pupils("placement: make")
def placement_add(request, referral_id: int):
    referral = referral_for(request, referral_id, Permission.MAKE_REFERRALS)
    agreement = getattr(referral, "agreement", None)
    if agreement is None or agreement.response != "agreed":
        raise Http404
    providers = Provider.objects.filter(trust_id=referral.school.trust_id).order_by("name")
    form = PlacementForm(request.POST if request.method == "POST" else None, providers=providers)
    warning = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sessions = data.pop("sessions")
        provider, site = data.pop("provider"), data.pop("site")
        understood = data.pop("threshold_understood")
        for name in [k for k in data if k.startswith("day")]:
            data.pop(name)
        hours = services.session_hours(sessions)
        threshold = threshold_with(
            provider,
            data["start_date"],
            [
                placed_pupil(
                    referral.pupil,
                    hours=hours,
                    sole_provision=data["sole_provision"],
                    on=data["start_date"],
                )
            ],
        )
        if threshold.must_register and not understood:
            warning = threshold
            form.add_error(
                "threshold_understood",
                "This placement would take the provider over the registration threshold: confirm you understand before saving",
            )
        else:
            try:
                placement = services.placement_create(
                    referral=referral,
                    provider=provider,
                    site=site,
                    sessions=sessions,
                    by=request.user,
                    **data,
                )
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    target = (
                        field
                        if field in form.fields
                        else ("day0_start" if field == "sessions" else None)
                    )
                    for message in messages_:
                        form.add_error(None if field == "__all__" else target, message)
            else:
                messages.success(request, "The placement has been made.")
                return redirect("placements:detail", placement_id=placement.pk)
    return render(
        request,
        "placements/form.html",
        {"form": form, "referral": referral, "warning": warning},
    )


@shows_pupils("placement")
def placement_detail(request, placement_id: int):
    placement = placement_for(request, placement_id)
    today = dt.date.today()
    hours = placement.hours_per_week
    from altprov.organisations.services import threshold_rule_in_force

    rule = threshold_rule_in_force(placement.provider.trust, today)
    full_time = rule is not None and (
        hours >= rule.full_time_hours
        or (rule.sole_provision_is_full_time and placement.sole_provision)
    )
    return render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "pupil": placement.pupil,
            "hours": hours,
            "full_time": full_time,
            "threshold": threshold_with(placement.provider, today, []),
            "can_agree": placement.provider.is_unregistered
            and placement.sit_agreed_at is None
            and has_permission(
                request.user,
                Permission.AGREE_UNREGISTERED_PLACEMENTS,
                school=placement.referral.school,
            ),
        },
    )


@require_POST
@shows_pupils("placement: SIT agreement")
def sit_agree(request, placement_id: int):
    placement = placement_for(request, placement_id)
    try:
        services.sit_agree(placement=placement, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The School Improvement Team's agreement has been recorded.")
    return redirect(reverse("placements:detail", args=[placement.pk]))
