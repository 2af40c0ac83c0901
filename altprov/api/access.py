"""Who may do what through the API: read or write, and the schools a client reaches."""

from __future__ import annotations

from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from altprov.organisations.models import School


class TokenAccess(BasePermission):
    """A valid token (else 401); a read-only token may only read (else 403)."""

    message = "This token may only read: ask the trust's administrator for a read-and-write token."

    def has_permission(self, request, view):
        client = request.auth
        if client is None:
            return False
        return request.method in SAFE_METHODS or client.can_write


def schools_in_scope(client):
    """The client's schools, as a queryset (no query until used)."""
    schools = School.objects.filter(trust_id=client.trust_id)
    if client.school_id:
        schools = schools.filter(pk=client.school_id)
    return schools


def school_asked(client, urn: str | None):
    """The school named by `?school=<URN>`, or None; 404 outside the client's scope."""
    if not urn:
        return None
    school = schools_in_scope(client).filter(urn=urn).first()
    if school is None:
        raise Http404
    return school
