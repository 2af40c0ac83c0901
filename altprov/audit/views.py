"""Who has looked at pupil records (X-1). Headteachers and DSLs see their school's log; trust
safeguarding leads and trust administrators see the trust's."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render

from altprov.authz.checks import school_ids_with, trust_ids_with
from altprov.authz.permissions import Permission
from altprov.core.paginator import OnePagePaginator

from .models import AccessEvent

PAGE_SIZE = 50


def access_log(request):
    user = request.user
    trusts = trust_ids_with(user, Permission.VIEW_ACCESS_LOG)
    schools = school_ids_with(user, Permission.VIEW_ACCESS_LOG)
    if not trusts and not schools.exists():
        raise Http404
    events = (
        AccessEvent.objects.filter(Q(trust_id__in=trusts) | Q(school_id__in=schools))
        .select_related("user", "school")
        .annotate(pupil_count=Count("pupils"))
        .order_by("-at", "-pk")
    )
    page = OnePagePaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page_obj": page, "query": ""})
