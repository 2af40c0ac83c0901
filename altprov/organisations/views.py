"""Trust administration: schools and the trust's settings."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.step_up import step_up_required

from . import services
from .forms import SchoolForm, ThresholdRuleForm, TrustSettingsForm
from .models import RegistrationThresholdRule, School
from .selectors import current_school, school_for, trust_for


def school_list(request):
    trust = trust_for(request, Permission.MANAGE_SCHOOLS)
    schools = (
        School.objects.filter(trust=trust)
        .annotate(pupil_count=Count("pupils", distinct=True))
        .order_by("name")
    )
    return render(request, "organisations/school_list.html", {"trust": trust, "schools": schools})


def school_add(request):
    trust = trust_for(request, Permission.MANAGE_SCHOOLS)
    form = SchoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        school = form.save(commit=False)
        school.trust = trust
        services.school_save(school=school, by=request.user)
        messages.success(request, f"{school.name} has been added. Now add its term dates.")
        return redirect("organisations:school_detail", school_id=school.pk)
    return form_page(
        request,
        form,
        title="Add a school",
        caption=trust.name,
        submit="Add school",
        cancel_url=reverse("organisations:school_list"),
    )


def school_detail(request, school_id: int):
    school = school_for(request.user, school_id, Permission.MANAGE_SCHOOLS)
    return render(request, "organisations/school_detail.html", {"school": school})


def school_edit(request, school_id: int):
    school = school_for(request.user, school_id, Permission.MANAGE_SCHOOLS)
    form = SchoolForm(request.POST if request.method == "POST" else None, instance=school)
    if request.method == "POST" and form.is_valid():
        services.school_save(school=form.save(commit=False), by=request.user)
        messages.success(request, f"{school.name} has been updated.")
        return redirect("organisations:school_detail", school_id=school.pk)
    return form_page(
        request,
        form,
        title="Change the school's details",
        caption=school.name,
        cancel_url=reverse("organisations:school_detail", args=[school.pk]),
    )


def _settings_trust(request, permission: Permission):
    school = current_school(request)
    if school is not None and has_permission(request.user, permission, school=school):
        return school.trust
    return trust_for(request, permission)


def trust_settings(request):
    trust = _settings_trust(request, Permission.VIEW_TRUST_SETTINGS)
    can_edit = has_permission(request.user, Permission.MANAGE_TRUST_SETTINGS, trust=trust)
    return render(
        request,
        "organisations/settings.html",
        {
            "trust": trust,
            "settings": services.settings_for(trust),
            "rules": RegistrationThresholdRule.objects.filter(trust=trust),
            "can_edit": can_edit,
            "can_set_questions": has_permission(
                request.user, Permission.MANAGE_PUPIL_VIEW_QUESTIONS, trust=trust
            ),
        },
    )


@step_up_required
def trust_settings_edit(request):
    trust = trust_for(request, Permission.MANAGE_TRUST_SETTINGS)
    settings = services.settings_for(trust)
    form = TrustSettingsForm(request.POST if request.method == "POST" else None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The trust settings have been saved.")
        return redirect("organisations:settings")
    return form_page(
        request,
        form,
        title="Change the trust settings",
        caption=trust.name,
        cancel_url=reverse("organisations:settings"),
    )


@step_up_required
def threshold_rule_edit(request, rule_id: int):
    trust = trust_for(request, Permission.MANAGE_TRUST_SETTINGS)
    rule = get_object_or_404(RegistrationThresholdRule, pk=rule_id, trust=trust)
    form = ThresholdRuleForm(request.POST if request.method == "POST" else None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The rule '{rule.name}' has been saved.")
        return redirect("organisations:settings")
    return form_page(
        request,
        form,
        title="Change a registration threshold rule",
        caption=f"{rule.name} ({rule.legal_basis})",
        cancel_url=reverse("organisations:settings"),
    )
