"""The portal placement page's section of termly reports and serious incidents (issue 9)."""

from django import template
from django.utils import timezone

from altprov.monitoring.selectors import report_window
from altprov.placements.status import placement_status

from ..selectors import provider_for

register = template.Library()


@register.inclusion_tag("portal/reports/_section.html", takes_context=True)
def placement_reports(context, placement):
    """What the provider sent for this placement through the portal: its termly reports (R-12.1)
    and the serious incidents its users reported (R-12.3). The school's decisions on incidents
    stay with the school. A fixed number of queries."""
    provider = provider_for(context["request"].user)
    attending = placement_status(placement, timezone.localdate()).key == "attending"
    return {
        "placement": placement,
        "attending": attending,
        "window": report_window(placement) if attending else None,
        "today": timezone.localdate(),
        "reports": list(
            placement.termly_reports.filter(submitted_by__provider=provider).select_related(
                "submitted_by"
            )
        ),
        "incidents": list(
            placement.incidents.filter(recorded_by__provider=provider).select_related("recorded_by")
        ),
    }
