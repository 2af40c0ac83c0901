"""Evidence is served only to users who may see what it belongs to (R-5.3, X-5)."""

from django.db.models import Q
from django.http import FileResponse, Http404

from altprov.authz.checks import has_permission_in_trust, school_ids_with
from altprov.authz.permissions import Permission
from altprov.core.step_up import step_up_required
from altprov.outcomes.models import FinalReport
from altprov.provider_audits.models import ProviderAudit
from altprov.provider_audits.selectors import audits_for
from altprov.providers.models import LetterOfComfort

from .models import EvidenceFile


def may_see(user, evidence: EvidenceFile) -> bool:
    """Whether the user may see what this file, or a later version of it, belongs to: an earlier
    version is seen by those who see the evidence that replaced it."""
    this_and_later = evidence.this_and_later_ids()
    in_audit = ProviderAudit.objects.filter(
        Q(documents__evidence__in=this_and_later) | Q(answers__evidence__in=this_and_later)
    )
    if audits_for(user).filter(pk__in=in_audit.values("pk")).exists():
        return True
    # A provider's final report on a pupil: those who see the placement's pupil.
    if FinalReport.objects.filter(
        document__in=this_and_later,
        placement__referral__school_id__in=school_ids_with(user, Permission.VIEW_PUPILS),
    ).exists():
        return True
    # A letter of comfort is the provider's: those who quality-assure providers in the trust.
    return LetterOfComfort.objects.filter(
        document__in=this_and_later
    ).exists() and has_permission_in_trust(user, Permission.VIEW_AUDITS, evidence.trust)


@step_up_required
def download(request, evidence_id: int):
    """Always an attachment, under a name whose extension matches the type the content was
    checked as, with that type and nosniff: a browser never renders it as something else."""
    evidence = EvidenceFile.objects.filter(pk=evidence_id).first()
    if evidence is None or not may_see(request.user, evidence):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.download_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
