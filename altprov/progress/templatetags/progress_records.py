"""`{% placement_records placement %}`: the section of the placement's page that lists the
records kept on it, with links, for whoever opens the page (its own links by permission)."""

from django import template
from django.db.models import Count, Max

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission

from .. import selectors

register = template.Library()


@register.inclusion_tag("progress/_placement_records.html", takes_context=True)
def placement_records(context, placement):
    user = context["request"].user
    school = placement.referral.school
    objectives = list(selectors.latest_progress(placement.objectives.all()))
    latest = [selectors.status_label(o.latest_status) for o in objectives]
    shows_send = has_permission(user, Permission.VIEW_SEND_DETAIL, school=school)
    contacts = placement.pastoral_contacts.aggregate(n=Count("pk"), last=Max("contacted_on"))
    return {
        "contacts": contacts["n"],
        "exams": placement.exam_arrangements.count(),
        "last_contact": contacts["last"],
        "placement": placement,
        "objectives": list(zip(objectives, latest, strict=True)),
        # SEND detail only to those who may see it (as the pupil's page: pupil_view_for)
        "shows_send": shows_send,
        "has_ehcp": shows_send and placement.pupil.send_status == "ehcp",
    }
