"""R-5.2: the GIAS register and providers' registration checks against it.

The register is national data shared by every trust, so importing it is a service
administrator's job (a role outside every trust), never a trust role's. Trust administrators see
their own providers' checks, each naming the import it used, and may check them again.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from altprov.authz.checks import require_service_permission
from altprov.authz.permissions import Permission
from altprov.core.paginator import OnePagePaginator
from altprov.organisations.selectors import trust_for

from . import selectors, services
from .forms import GiasImportForm
from .models import RegistrationCheck, describe_import

PAGE_SIZE = 50
RECENT_IMPORTS = 10


def _providers(n: int) -> str:
    return f"{n:,} provider{'s' if n != 1 else ''}"


def import_page(request):
    """The service administrator's page: import the file, see the recent imports. It shows no
    trust's providers, only how many were checked and flagged in all."""
    require_service_permission(request.user, Permission.IMPORT_GIAS)
    if request.method == "POST":
        form = GiasImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                gias_import = services.gias_import(
                    file=upload, file_name=upload.name, by=request.user
                )
            except (services.GiasFileError, services.RegisterWouldShrinkError) as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    f"Imported {gias_import.rows:,} establishments from {gias_import.file_name}. "
                    f"{_providers(gias_import.providers_checked)} of every trust checked: "
                    f"{gias_import.providers_flagged:,} flagged.",
                )
                return redirect("gias:import")
    else:
        form = GiasImportForm()
    return render(
        request,
        "gias/import.html",
        {"form": form, "imports": selectors.recent_imports(RECENT_IMPORTS)},
    )


@require_GET
def checks_page(request):
    trust = trust_for(request, Permission.CHECK_REGISTRATIONS)
    page = OnePagePaginator(selectors.providers_with_checks(trust), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = dict(RegistrationCheck.Outcome.choices)
    for provider in page:
        provider.registration_outcome_label = labels.get(provider.registration_outcome, "")
        provider.registration_import = (
            describe_import(
                provider.registration_import_file,
                provider.registration_import_rows,
                provider.registration_imported_at,
            )
            if provider.registration_import_file
            else ""
        )
    return render(
        request,
        "gias/checks.html",
        {
            "trust": trust,
            "last_import": selectors.last_import(),
            "page_obj": page,
            "flagged": selectors.flagged_count(trust),
        },
    )


@require_POST
def run_checks(request):
    trust = trust_for(request, Permission.CHECK_REGISTRATIONS)
    try:
        result = services.checks_run(by=request.user, trust=trust)
    except services.NoRegisterError:
        messages.warning(
            request,
            "There is no GIAS register to check against yet: the service administrator imports it.",
        )
    else:
        messages.success(
            request,
            f"{_providers(result.checked)} checked against GIAS: {result.flagged:,} flagged.",
        )
    return redirect("gias:checks")
