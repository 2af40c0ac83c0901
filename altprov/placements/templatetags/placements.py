"""{% placement_status placement %}: the placement's status as a GOV.UK tag, from the one
function that decides it (placements.status)."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..status import placement_status as status_of

register = template.Library()


@register.simple_tag
def placement_status(placement, today=None):
    status = status_of(placement, today or timezone.localdate())
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', status.colour, status.label
    )
