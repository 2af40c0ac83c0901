"""The pupil of a subject access request: only for those who may export it (X-1)."""

from django.http import Http404

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission
from altprov.pupils.models import Pupil
from altprov.pupils.selectors import pupil_for


def pupil_to_export(user, pk) -> Pupil:
    """The pupil, if the user may make a subject access export of them (the DSL and the
    Headteacher of the pupil's school); 404 otherwise, as for a pupil out of scope. Does not count
    the pupil as shown: a page that shows them says so through their name."""
    pupil = pupil_for(user, pk)
    if not has_permission(user, Permission.EXPORT_SUBJECT_ACCESS, school=pupil.school):
        raise Http404
    return pupil
