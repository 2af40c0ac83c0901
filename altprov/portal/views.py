from django.shortcuts import render

from altprov.audit.access import shows_pupils

from .selectors import portal_placements, provider_for


@shows_pupils("provider portal: home")
def home(request):
    provider = provider_for(request.user)
    placements = portal_placements(request.user).select_related("referral__pupil__school")
    return render(request, "portal/home.html", {"provider": provider, "placements": placements})
