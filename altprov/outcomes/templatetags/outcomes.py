"""{% outcomes_section placement %}: the placement page's reintegration and outcome section
(R-13.1 to R-13.3, R-6.5), from the outcomes app's own selectors."""

from django import template

from ..selectors import section_of

register = template.Library()


@register.inclusion_tag("outcomes/_section.html", takes_context=True)
def outcomes_section(context, placement):
    return section_of(placement, context["request"].user)
