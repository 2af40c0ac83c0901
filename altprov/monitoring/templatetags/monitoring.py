"""{% monitoring_section placement %}: the placement page's monitoring section (R-12.1 to
R-12.5), from the monitoring app's own selectors, so the placement page needs one line."""

from django import template

from ..selectors import monitoring_of

register = template.Library()


@register.inclusion_tag("monitoring/_section.html", takes_context=True)
def monitoring_section(context, placement):
    return monitoring_of(placement, context["request"].user)
