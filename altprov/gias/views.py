"""R-5.2: trust administrators import the GIAS file and see their providers' registration checks."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from altprov.authz.permissions import Permission
from altprov.organisations.selectors import trust_for

from . import selectors, services
from .forms import GiasImportForm
from .models import RegistrationCheck

PAGE_SIZE = 50


def _providers(n: int) -> str:
    return f"{n:,} provider{'s' if n != 1 else ''}"


def import_page(request):
    trust = trust_for(request, Permission.IMPORT_GIAS)
    if request.method == "POST":
        form = GiasImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                gias_import = services.gias_import(
                    file=upload, file_name=upload.name, by=request.user
                )
            except services.GiasFileError as error:
                form.add_error("file", str(error))
            else:
                counts = selectors.import_counts(trust, gias_import)
                messages.success(
                    request,
                    f"Imported {gias_import.rows:,} establishments from {gias_import.file_name}. "
                    f"{_providers(counts['checked'])} checked: {counts['flagged']:,} flagged.",
                )
                return redirect("gias:import")
    else:
        form = GiasImportForm()
    page = Paginator(selectors.providers_with_checks(trust), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = dict(RegistrationCheck.Outcome.choices)
    for provider in page:
        provider.registration_outcome_label = labels.get(provider.registration_outcome, "")
    return render(
        request,
        "gias/import.html",
        {
            "trust": trust,
            "form": form,
            "last_import": selectors.last_import(),
            "page_obj": page,
            "flagged": selectors.flagged_count(trust),
        },
    )


@require_POST
def run_checks(request):
    trust = trust_for(request, Permission.IMPORT_GIAS)
    try:
        result = services.checks_run(by=request.user, trust=trust)
    except services.NoRegisterError:
        messages.warning(
            request, "Import the GIAS establishment file first: there is nothing to check against."
        )
    else:
        messages.success(
            request,
            f"{_providers(result.checked)} checked against GIAS: {result.flagged:,} flagged.",
        )
    return redirect("gias:import")
