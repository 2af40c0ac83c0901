"""Reads of pupils, scoped to the user and to what their roles may see (R-10.2)."""

from dataclasses import dataclass

from django.http import Http404

from altprov.authz.permissions import Permission, has_permission, school_ids_with

from .models import Pupil


def pupils_for(user):
    """Every pupil the user may see: in schools where they hold VIEW_PUPILS."""
    return Pupil.objects.filter(school_id__in=school_ids_with(user, Permission.VIEW_PUPILS))


def pupil_for(user, pk) -> Pupil:
    try:
        return pupils_for(user).select_related("school__trust").get(pk=pk)
    except (Pupil.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class PupilView:
    """A pupil with the sensitive groups of fields the viewer may see. Templates read these flags
    rather than checking roles, so the rule lives here once."""

    pupil: Pupil
    shows_send: bool
    shows_safeguarding: bool


def pupil_view_for(user, pk) -> PupilView:
    pupil = pupil_for(user, pk)
    return PupilView(
        pupil=pupil,
        shows_send=has_permission(user, Permission.VIEW_SEND_DETAIL, school=pupil.school),
        shows_safeguarding=has_permission(
            user, Permission.VIEW_SAFEGUARDING_DETAIL, school=pupil.school
        ),
    )
