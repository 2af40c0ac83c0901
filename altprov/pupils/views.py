"""Pupil records (R-6.1): the list, the record, changing it section by section, parents and
carers, and the import from the school's MIS. Every page that shows a pupil is logged, through
the pupil's name accessors and `pupil_view_for` (X-1); every refusal is 404 (R-10.2)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from altprov.audit.access import shows_pupils
from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.core.pages import form_page
from altprov.core.paginator import OnePagePaginator
from altprov.core.returns import back_to
from altprov.core.versions import StaleVersion, changes_since, refuse
from altprov.organisations.selectors import current_school

from . import importer, selectors, services
from .forms import CarerForm, ImportForm, PupilForm, SafeguardingForm, SendForm
from .models import Carer, Pupil

PAGE_SIZE = 50
REPORT_SUMMARY_SIZE = 10
UPN_TAKEN = "Another pupil at this school has this UPN"


def _form_page(request, form, *, title, caption, cancel_url, submit="Save", intro="", changes=None):
    return form_page(
        request,
        form,
        title=title,
        caption=caption,
        submit=submit,
        cancel_url=cancel_url,
        back_url=cancel_url,
        intro=intro,
        template="pupils/form_page.html",
        changes=changes,
    )


def _changes_seen_by(request, error: StaleVersion) -> list:
    """X-5: what changed in the pupil's record since the form was read, without the SEND or
    safeguarding details the person may not see (the flags of `pupil_view_for`)."""
    seen = selectors.pupil_view_for(request.user, error.record.pk)
    hidden = (*(() if seen.shows_send else Pupil.SEND_FIELDS),) + (
        () if seen.shows_safeguarding else Pupil.SAFEGUARDING_FIELDS
    )
    return changes_since(error.record, error.based_on, hidden=hidden, excluded=("school",))


def _managed_school(request):
    """The current school, if the user may add and import pupils in it."""
    school = current_school(request)
    if school is None or not has_permission(request.user, Permission.MANAGE_PUPILS, school=school):
        raise Http404
    return school


def _post(request):
    return request.POST if request.method == "POST" else None


def _detail_url(pupil, anchor: str = "") -> str:
    return reverse("pupils:detail", args=[pupil.pk]) + (f"#{anchor}" if anchor else "")


@shows_pupils("pupil list")
def pupil_list(request):
    school = current_school(request)
    if school is None or not has_permission(request.user, Permission.VIEW_PUPILS, school=school):
        raise Http404
    search = request.GET.get("q", "").strip()[:100]
    pupils = selectors.pupils_for(request.user).filter(school=school).select_related("school")
    if search:
        pupils = pupils.filter(
            Q(first_name__icontains=search) | Q(last_name__icontains=search) | Q(upn__iexact=search)
        )
    page = OnePagePaginator(pupils.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pupils/list.html",
        {
            "school": school,
            "page_obj": page,
            "search": search,
            "query": f"q={search}" if search else "",
            "may_manage": has_permission(request.user, Permission.MANAGE_PUPILS, school=school),
        },
    )


@shows_pupils("pupil record")
def pupil_detail(request, pupil_id: int):
    view = selectors.pupil_view_for(request.user, pupil_id)
    return render(
        request,
        "pupils/detail.html",
        {
            "view": view,
            "pupil": view.pupil,
            "carers": selectors.carers_of(view.pupil),
            "referrals": view.pupil.referrals.order_by("-created_at"),
            "can_refer": has_permission(
                request.user, Permission.MAKE_REFERRALS, school=view.pupil.school
            ),
            "can_export": has_permission(
                request.user, Permission.EXPORT_SUBJECT_ACCESS, school=view.pupil.school
            ),
        },
    )


def pupil_add(request):
    school = _managed_school(request)
    form = PupilForm(_post(request), instance=Pupil(school=school))
    if request.method == "POST" and form.is_valid():
        try:
            pupil = services.pupil_save(pupil=form.save(commit=False), by=request.user)
        except services.UpnTaken:
            form.add_error("upn", UPN_TAKEN)
        else:
            messages.success(request, f"{pupil.full_name} has been added.")
            return redirect("pupils:detail", pupil_id=pupil.pk)
    return _form_page(
        request,
        form,
        title="Add a pupil",
        caption=school.name,
        cancel_url=reverse("pupils:list"),
        submit="Add pupil",
        intro="You can add the SEND and safeguarding details, and parents and carers, next.",
    )


def _section_page(request, pupil_id, form_class, *, also, title, anchor):
    pupil = selectors.pupil_to_manage(request.user, pupil_id, *also)
    caption = pupil.full_name  # before the form changes the instance
    form = form_class(_post(request), instance=pupil, version=pupil.edit_version)
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.pupil_save(
                pupil=form.save(commit=False), by=request.user, based_on=form.based_on()
            )
        except services.UpnTaken:
            form.add_error("upn", UPN_TAKEN)
        except StaleVersion as error:  # changed by someone else since the page was read
            refuse(form, error)
            changes = _changes_seen_by(request, error)
        else:
            messages.success(request, f"{title[0].upper()}{title[1:]} have been saved.")
            return redirect(back_to(request, _detail_url(pupil, anchor)))
    return _form_page(
        request,
        form,
        title=f"Change the {title}",
        caption=caption,
        cancel_url=_detail_url(pupil, anchor),
        changes=changes,
    )


@shows_pupils("change a pupil's details")
def pupil_edit(request, pupil_id: int):
    return _section_page(
        request, pupil_id, PupilForm, also=(), title="pupil's details", anchor="details"
    )


@shows_pupils("change a pupil's SEND details")
def pupil_edit_send(request, pupil_id: int):
    return _section_page(
        request,
        pupil_id,
        SendForm,
        also=(Permission.VIEW_SEND_DETAIL,),
        title="SEND details",
        anchor="send",
    )


@shows_pupils("change a pupil's safeguarding details")
def pupil_edit_safeguarding(request, pupil_id: int):
    return _section_page(
        request,
        pupil_id,
        SafeguardingForm,
        also=(Permission.VIEW_SAFEGUARDING_DETAIL,),
        title="safeguarding details",
        anchor="safeguarding",
    )


def _carer_page(request, pupil, carer: Carer, *, adding: bool):
    form = CarerForm(_post(request), instance=carer, version=None if adding else carer.edit_version)
    back = back_to(request, _detail_url(pupil, "carers"))
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            carer = services.carer_save(
                carer=form.save(commit=False), by=request.user, based_on=form.based_on()
            )
        except StaleVersion as error:  # changed by someone else since the page was read
            refuse(form, error)
            # A carer's details are general detail: everyone who may change them sees them all.
            changes = changes_since(error.record, error.based_on, excluded=("pupil",))
        else:
            messages.success(
                request, f"{carer.name} has been {'added' if adding else 'updated'} as a contact."
            )
            return redirect(back)
    return _form_page(
        request,
        form,
        title="Add a parent or carer" if adding else "Change a parent or carer",
        caption=pupil.full_name,
        cancel_url=back,
        submit="Add parent or carer" if adding else "Save",
        changes=changes,
    )


@shows_pupils("add a parent or carer")
def carer_add(request, pupil_id: int):
    pupil = selectors.pupil_to_manage(request.user, pupil_id)
    carer = Carer(pupil=pupil, priority=services.next_carer_priority(pupil))
    return _carer_page(request, pupil, carer, adding=True)


@shows_pupils("change a parent or carer")
def carer_edit(request, pupil_id: int, carer_id: int):
    carer = selectors.carer_to_manage(request.user, pupil_id, carer_id)
    return _carer_page(request, carer.pupil, carer, adding=False)


@shows_pupils("remove a parent or carer")
def carer_remove(request, pupil_id: int, carer_id: int):
    carer = selectors.carer_to_manage(request.user, pupil_id, carer_id)
    pupil = carer.pupil
    if request.method == "POST":
        services.carer_remove(carer=carer, by=request.user)
        messages.success(request, f"{carer.name} has been removed as a contact.")
        return redirect(_detail_url(pupil, "carers"))
    return render(request, "pupils/carer_remove.html", {"pupil": pupil, "carer": carer})


def pupil_import(request):
    school = _managed_school(request)
    parsed = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                parsed, result = importer.pupils_import(
                    school=school, data=upload.read(), by=request.user
                )
            except importer.ImportConflict:
                form.add_error(
                    "file",
                    "Someone else changed this school's pupils while the file was being "
                    "imported, so nothing was saved: upload the file again",
                )
            else:
                if parsed.problem:
                    form.add_error("file", parsed.problem)
                elif result is not None:
                    message = f"{upload.name} has been imported: {result}."
                    if result.ignored_columns:
                        message += (
                            f" The {' and '.join(result.ignored_columns)} column"
                            f"{'s were' if len(result.ignored_columns) > 1 else ' was'} not "
                            "used: only staff who may see those details may change them."
                        )
                    messages.success(request, message)
                    return redirect("pupils:import")
    else:
        form = ImportForm()
    errors = parsed.errors if parsed is not None and parsed.problem is None else []
    return render(
        request,
        "pupils/import.html",
        {
            "school": school,
            "form": form,
            "columns": importer.COLUMNS,
            "errors": errors,
            "summary_errors": errors[:REPORT_SUMMARY_SIZE],
            "more_errors": max(len(errors) - REPORT_SUMMARY_SIZE, 0),
            "accepted": len(parsed.rows) if errors else 0,
        },
    )
