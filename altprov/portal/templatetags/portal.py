"""{% portal_users_section provider %}: the provider page's list of portal users (X-5), shown only
to those who may invite (a trust administrator, or the AP Lead of a school that uses the
provider), from the portal's own services so the provider page needs one line."""

from django import template

from ..services import is_set_up, may_manage_users, portal_users

register = template.Library()


@register.inclusion_tag("portal/_users_section.html", takes_context=True)
def portal_users_section(context, provider):
    user = context["request"].user
    if not may_manage_users(user, provider):
        return {"show": False}
    users = list(portal_users(provider))
    return {
        "show": True,
        "provider": provider,
        "rows": [(u, is_set_up(u)) for u in users],
    }
