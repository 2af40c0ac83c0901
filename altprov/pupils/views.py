from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from altprov.audit.access import shows_pupils
from altprov.authz.permissions import Permission, has_permission
from altprov.organisations.middleware import current_school

from . import selectors

PAGE_SIZE = 50


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
    page = Paginator(pupils.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    request.pupils_shown = list(page.object_list)
    return render(
        request,
        "pupils/list.html",
        {
            "school": school,
            "page_obj": page,
            "search": search,
            "query": f"q={search}" if search else "",
        },
    )


@shows_pupils("pupil record")
def pupil_detail(request, pupil_id: int):
    view = selectors.pupil_view_for(request.user, pupil_id)
    request.pupils_shown = [view.pupil]
    return render(request, "pupils/detail.html", {"view": view, "pupil": view.pupil})
