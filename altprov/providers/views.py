"""The provider register: list, details, sites, contacts, Ofsted outcomes, letters of comfort."""

import datetime as dt

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from altprov.authz.checks import has_permission, has_permission_in_trust
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.paginator import OnePagePaginator
from altprov.core.returns import back_to, return_path
from altprov.gias.selectors import latest_check
from altprov.organisations.selectors import current_school
from altprov.organisations.services import settings_for, threshold_rule_in_force
from altprov.placements.rules import pupils_placed_at_each, threshold_for
from altprov.provider_audits.selectors import audits_visible_to, open_actions_for

from . import selectors, services
from .forms import (
    ContactForm,
    InspectionForm,
    LetterForm,
    ProviderForm,
    RegisterFilterForm,
    SchemeForm,
    SiteForm,
)
from .models import OfstedInspection, Provider, ProviderContact, ProviderSite
from .ofsted import describe
from .suitability import Suitability, audit_cutoff, audit_expires, start_of_day
from .threshold import assess_annotated

PAGE_SIZE = 25


def provider_list(request):
    trust = selectors.trust_of_request(request, Permission.VIEW_PROVIDERS)
    today = dt.date.today()
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    school = current_school(request)
    sort = filters.get("sort") or "name"
    providers = selectors.register(
        trust,
        today=today,
        search=filters.get("q", ""),
        registration=filters.get("registration", ""),
        key_stage=filters.get("key_stage", ""),
        status=filters.get("status", ""),
        in_use_school_id=school.pk if school and filters.get("in_use") else None,
        sort=sort,
    )
    page = OnePagePaginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    rule = threshold_rule_in_force(trust, today)
    # Only an unregistered provider has a threshold to cross (assess_annotated): the pupils
    # placed at the registered ones are not read.
    placed = pupils_placed_at_each([p for p in page.object_list if p.is_unregistered], today)
    rows = [
        {
            "provider": p,
            "status": Suitability(p.suitability),
            "threshold": assess_annotated(p, rule, placed.get(p.pk, [])),
        }
        for p in page.object_list
    ]
    params = {k: v for k, v in request.GET.items() if k not in ("page",) and v}
    sort_params = {k: v for k, v in params.items() if k != "sort"}
    columns = []
    for key, label in (
        ("name", "Provider"),
        ("town", "Town"),
        ("status", "Status"),
        ("audit", "Last audit visit"),
    ):
        direction = "ascending" if sort == key else "descending" if sort == f"-{key}" else "none"
        next_sort = f"-{key}" if sort == key else key
        columns.append(
            {
                "label": label,
                "aria_sort": direction,
                "url": "?" + urlencode({**sort_params, "sort": next_sort}),
            }
        )
    return render(
        request,
        "providers/list.html",
        {
            "trust": trust,
            "form": form,
            "rows": rows,
            "page_obj": page,
            "query": urlencode(params),
            "columns": columns,
            "can_manage": has_permission_in_trust(request.user, Permission.MANAGE_PROVIDERS, trust),
            "filtered": any(v for k, v in filters.items() if k != "sort"),
        },
    )


def provider_add(request):
    trust = selectors.trust_of_request(request, Permission.MANAGE_PROVIDERS)
    form = ProviderForm(
        request.POST if request.method == "POST" else None, instance=Provider(trust=trust)
    )
    if request.method == "POST" and form.is_valid():
        provider = services.provider_save(provider=form.save(commit=False), by=request.user)
        form.save_m2m()
        messages.success(request, f"{provider.name} has been added to the register.")
        return redirect("providers:detail", provider_id=provider.pk)
    return form_page(
        request,
        form,
        title="Add a provider to the register",
        caption=trust.name,
        cancel_url=reverse("providers:list"),
        submit="Add provider",
    )


def provider_detail(request, provider_id: int):
    provider = selectors.provider_for(request.user, provider_id)
    today = dt.date.today()
    annotated = selectors.provider_with_status(provider, today)
    trust = provider.trust
    user = request.user
    can_view_audits = has_permission_in_trust(user, Permission.VIEW_AUDITS, trust)
    school = current_school(request)
    return render(
        request,
        "providers/detail.html",
        {
            "provider": provider,
            "status": Suitability(annotated.suitability),
            "annotated": annotated,
            "audit_valid_from": audit_cutoff(settings_for(trust), today),
            "settings": settings_for(trust),
            "threshold": threshold_for(provider, today),
            "inspections": [(i, describe(i)) for i in provider.inspections.all()],
            "sites": provider.sites.all(),
            "contacts": provider.contacts.all(),
            "letters": provider.letters.select_related("document"),
            "audits": audits_visible_to(user, provider) if can_view_audits else [],
            "actions": open_actions_for(user, provider) if can_view_audits else [],
            "check": latest_check(provider),
            "can_manage": has_permission_in_trust(user, Permission.MANAGE_PROVIDERS, trust),
            "can_view_audits": can_view_audits,
            "can_audit": school is not None
            and school.trust_id == trust.pk
            and has_permission(user, Permission.EDIT_AUDITS, school=school),
            "school": school,
            "return_to": return_path(request),
        },
    )


def provider_edit(request, provider_id: int):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    form = ProviderForm(request.POST if request.method == "POST" else None, instance=provider)
    if request.method == "POST" and form.is_valid():
        services.provider_save(provider=form.save(commit=False), by=request.user)
        messages.success(request, f"{provider.name} has been updated.")
        return redirect("providers:detail", provider_id=provider.pk)
    return form_page(
        request,
        form,
        title="Change the provider's details",
        caption=provider.name,
        cancel_url=reverse("providers:detail", args=[provider.pk]),
    )


def _child_form(request, provider_id, model, form_class, child_id, noun):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    instance = (
        get_object_or_404(model, pk=child_id, provider=provider)
        if child_id
        else model(provider=provider)
    )
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(
            request, f"The {noun} {saved} has been {'updated' if child_id else 'added'}."
        )
        return redirect("providers:detail", provider_id=provider.pk)
    return form_page(
        request,
        form,
        title=f"{'Change the' if child_id else 'Add a'} {noun}",
        caption=provider.name,
        cancel_url=reverse("providers:detail", args=[provider.pk]),
    )


def site_add(request, provider_id: int):
    return _child_form(request, provider_id, ProviderSite, SiteForm, None, "site")


def site_edit(request, provider_id: int, site_id: int):
    return _child_form(request, provider_id, ProviderSite, SiteForm, site_id, "site")


def contact_add(request, provider_id: int):
    return _child_form(request, provider_id, ProviderContact, ContactForm, None, "contact")


def contact_edit(request, provider_id: int, contact_id: int):
    return _child_form(request, provider_id, ProviderContact, ContactForm, contact_id, "contact")


def _child_remove(request, provider_id, model, child_id, noun):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    child = get_object_or_404(model, pk=child_id, provider=provider)
    if request.method == "POST":
        child.delete()
        messages.success(request, f"The {noun} {child} has been removed.")
        return redirect("providers:detail", provider_id=provider.pk)
    return render(
        request,
        "providers/remove.html",
        {"provider": provider, "thing": child, "noun": noun},
    )


def site_remove(request, provider_id: int, site_id: int):
    return _child_remove(request, provider_id, ProviderSite, site_id, "site")


def contact_remove(request, provider_id: int, contact_id: int):
    return _child_remove(request, provider_id, ProviderContact, contact_id, "contact")


def inspection_add(request, provider_id: int):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    form = SchemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect(
            "providers:inspection_add_outcome",
            provider_id=provider.pk,
            scheme=form.cleaned_data["scheme"],
        )
    return form_page(
        request,
        form,
        title="Add an Ofsted inspection",
        caption=provider.name,
        cancel_url=reverse("providers:detail", args=[provider.pk]),
        submit="Continue",
    )


def inspection_add_outcome(request, provider_id: int, scheme: str):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    if scheme not in OfstedInspection.Scheme.values:
        raise Http404
    form = InspectionForm(scheme, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.inspection_add(
            provider=provider, scheme=scheme, data=form.cleaned_data, by=request.user
        )
        messages.success(request, "The Ofsted inspection has been added.")
        return redirect("providers:detail", provider_id=provider.pk)
    return form_page(
        request,
        form,
        title="Outcome of the Ofsted inspection",
        caption=f"{provider.name}: {OfstedInspection.Scheme(scheme).label}",
        cancel_url=reverse("providers:detail", args=[provider.pk]),
    )


def letter_add(request, provider_id: int):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    form = LetterForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        school = current_school(request)
        letter = services.letter_add(
            provider=provider,
            received_on=data["received_on"],
            signatory_name=data["signatory_name"],
            signatory_role=data["signatory_role"],
            upload=data["document"],
            renewal_due=data["renewal_due"],
            school=school if school and school.trust_id == provider.trust_id else None,
            by=request.user,
        )
        messages.success(
            request,
            f"The letter of comfort has been recorded. It is due for renewal on {letter.renewal_due:%-d %B %Y}.",
        )
        return redirect(back_to(request, reverse("providers:detail", args=[provider.pk])))
    return form_page(
        request,
        form,
        title="Record a letter of comfort",
        caption=provider.name,
        cancel_url=reverse("providers:detail", args=[provider.pk]),
        multipart=True,
    )


@require_POST
def inspection_remove(request, provider_id: int, inspection_id: int):
    provider = selectors.provider_for(request.user, provider_id, Permission.MANAGE_PROVIDERS)
    inspection = get_object_or_404(OfstedInspection, pk=inspection_id, provider=provider)
    inspection.delete()
    messages.success(request, f"The {inspection} has been removed.")
    return redirect("providers:detail", provider_id=provider.pk)


REAUDIT_WARNING_DAYS = 60


def due_for_reaudit(request):
    """Providers whose audit is out of date, or will be within 60 days, or that have none: for the
    current school (providers it has audited) or, for trust roles, the whole trust (R-5.6)."""
    trust = selectors.trust_of_request(request, Permission.VIEW_PROVIDERS)
    today = dt.date.today()
    school = current_school(request)
    whole_trust = request.GET.get("scope") == "trust" or school is None
    settings = settings_for(trust)
    soon = audit_cutoff(settings, today + dt.timedelta(days=REAUDIT_WARNING_DAYS))
    providers = selectors.register(
        trust, today=today, in_use_school_id=None if whole_trust else school.pk, sort="audit"
    )
    providers = providers.filter(
        Q(latest_audit_id__isnull=True) | Q(latest_audit_visit__lt=start_of_day(soon))
    )
    rows = []
    for p in providers:
        expires = None
        if p.latest_audit_visit:
            expires = audit_expires(p.latest_audit_visit, settings)
        rows.append({"provider": p, "status": Suitability(p.suitability), "expires": expires})
    return render(
        request,
        "providers/due_for_reaudit.html",
        {
            "trust": trust,
            "school": school,
            "whole_trust": whole_trust,
            "rows": rows,
            "today": today,
            "warning_days": REAUDIT_WARNING_DAYS,
        },
    )
