"""Reads of pupils, scoped to the user and to what their roles may see (R-10.2)."""

from dataclasses import dataclass

from django.http import Http404

from altprov.audit.shown import pupil_shown
from altprov.authz.checks import has_permission, school_ids_with
from altprov.authz.permissions import Permission

from .models import Carer, Pupil


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
    """A pupil with the sensitive groups of fields the viewer may see, and which groups they may
    change. Templates read these flags rather than checking roles, so the rule lives here once."""

    pupil: Pupil
    shows_send: bool
    shows_safeguarding: bool
    may_change: bool = False
    may_change_send: bool = False
    may_change_safeguarding: bool = False


def pupil_view_for(user, pk) -> PupilView:
    """The pupil whose record a page shows. The pupil counts as shown by the response (X-1) even
    if the page prints only part of the record and not the name."""
    pupil = pupil_for(user, pk)
    pupil_shown(pupil)
    school = pupil.school
    shows_send = has_permission(user, Permission.VIEW_SEND_DETAIL, school=school)
    shows_safeguarding = has_permission(user, Permission.VIEW_SAFEGUARDING_DETAIL, school=school)
    may_change = has_permission(user, Permission.MANAGE_PUPILS, school=school)
    return PupilView(
        pupil=pupil,
        shows_send=shows_send,
        shows_safeguarding=shows_safeguarding,
        may_change=may_change,
        may_change_send=may_change and shows_send,
        may_change_safeguarding=may_change and shows_safeguarding,
    )


def pupil_to_manage(user, pk, *also: Permission) -> Pupil:
    """A pupil the user may change (MANAGE_PUPILS in the pupil's school, and every permission in
    `also`, such as VIEW_SAFEGUARDING_DETAIL for the safeguarding details). 404 otherwise."""
    pupil = pupil_for(user, pk)
    for permission in (Permission.MANAGE_PUPILS, *also):
        if not has_permission(user, permission, school=pupil.school):
            raise Http404
    return pupil


def carer_to_manage(user, pupil_pk, carer_pk) -> Carer:
    pupil = pupil_to_manage(user, pupil_pk)
    try:
        carer = pupil.carers.get(pk=carer_pk)
    except (Carer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    carer.pupil = pupil
    return carer


def carers_of(pupil: Pupil) -> list[Carer]:
    return list(pupil.carers.all())
