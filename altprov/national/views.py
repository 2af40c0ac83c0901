"""The national and regional dashboards (issue 10, P7), for the Service oversight role only
(`VIEW_NATIONAL_DASHBOARD`, held outside every trust): counts from the summaries, small numbers
suppressed, never a pupil. Anyone else gets 404, as for every refusal."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from altprov.authz.checks import require_service_permission
from altprov.authz.permissions import Permission
from altprov.duties.summary import in_words
from altprov.organisations.models import Region

from . import dashboard

NOT_KNOWN = "not-known"


def _when(moment) -> str:
    return in_words(moment) if moment else ""


def _page(request, board: dashboard.Dashboard, context: dict):
    table = board.table
    rows = table.body_html(board.links) if table.rows else ""
    return render(
        request,
        "national/dashboard.html",
        {
            **context,
            "table": table,
            "rows": rows,
            "figures_as_at": _when(board.figures_as_at),
            "duties_as_at": _when(board.duties_as_at),
            "missing": board.missing,
        },
    )


def national(request):
    require_service_permission(request.user, Permission.VIEW_NATIONAL_DASHBOARD)
    board = dashboard.national(lambda value: reverse("national:region", args=[value]))
    return _page(request, board, {"title": "AP across England", "caption": "The service"})


def region(request, region: str):
    require_service_permission(request.user, Permission.VIEW_NATIONAL_DASHBOARD)
    if region == NOT_KNOWN:
        value, label = "", dashboard.NOT_KNOWN
    elif region in Region.values:
        value, label = region, Region(region).label
    else:
        raise Http404
    board = dashboard.regional(value)
    return _page(
        request,
        board,
        {"title": label, "caption": "AP across England", "back": reverse("national:dashboard")},
    )
