"""Evidence is served only to users who may see what it belongs to (R-5.3, X-5)."""

from django.db.models import Q
from django.http import FileResponse, Http404

from altprov.authz.permissions import Permission, has_permission_in_trust

from .models import EvidenceFile


def may_see(user, evidence: EvidenceFile) -> bool:
    from altprov.provider_audits.models import ProviderAudit
    from altprov.provider_audits.selectors import audits_for
    from altprov.providers.models import LetterOfComfort

    in_audit = ProviderAudit.objects.filter(
        Q(documents__evidence=evidence) | Q(answers__evidence=evidence)
    )
    if audits_for(user).filter(pk__in=in_audit.values("pk")).exists():
        return True
    # A letter of comfort is the provider's: those who quality-assure providers in the trust.
    return LetterOfComfort.objects.filter(document=evidence).exists() and has_permission_in_trust(
        user, Permission.VIEW_AUDITS, evidence.trust
    )


def download(request, evidence_id: int):
    evidence = EvidenceFile.objects.filter(pk=evidence_id).first()
    if evidence is None or not may_see(request.user, evidence):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
