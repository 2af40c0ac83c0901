from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from altprov.audit.access import shows_pupils
from altprov.authz.checks import permissions_in
from altprov.organisations.selectors import CURRENT_SCHOOL, current_school, user_schools

from . import attention
from .sessions import privilege_changed


@shows_pupils("home: what needs your attention")
def home(request):
    """What needs my attention, from a stored copy while it is still true (issue 10, P1). Items
    that name a pupil log the view like any page (X-1), from the copy too."""
    return render(request, "core/home.html", {"items": attention.items_shown(request)})


def accessibility(request):
    return render(request, "core/accessibility.html")


@require_POST
def switch_school(request):
    try:
        wanted = int(request.POST.get("school", ""))
    except ValueError:
        raise Http404 from None
    school = next((s for s in user_schools(request) if s.pk == wanted), None)
    if school is None:
        raise Http404
    was = current_school(request)
    if permissions_in(request.user, school) - permissions_in(request.user, was):
        privilege_changed(request)  # the new school lets the session do more
    request.session[CURRENT_SCHOOL] = school.pk
    messages.success(request, f"You are now working in {school.name}.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "core:home"
    return redirect(next_url)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old tab, cookies blocked): the service's 403
    page, never Django's, which names the reason (CSRF_FAILURE_VIEW)."""
    return render(request, "errors/403.html", status=403)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)
