"""Step-up (X-5, issue 11 item 2): a fresh second-factor code before any export of pupil data,
a change of who holds a role, a change to the trust's settings or a change to how someone signs
in, when the last code was entered more than 15 minutes ago.

The session records when the second factor was last proven (`second_factor_proven`: the code at
sign-in, enrolling an authenticator, and the step-up page itself). A view that needs a fresh code
carries `@step_up_required`, and is declared in `STEP_UP_VIEWS` below, the one list of guarded
views: tests/accounts/test_step_up_views.py fails when a decorated view is not in the list, a
listed view is not decorated, or a download of pupil data is neither.

The check runs before the view, so before its scope check. The prompt is the same for every id
(an existing record of this school, another trust's record, or none at all): it reveals nothing,
and no query of the view runs for a session that has not proven the second factor lately. Once
the code is entered, the view answers as always: "not found" for anything out of scope.

The API is not affected: its callers are other systems with tokens, not people with a session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

SECOND_FACTOR_AT = "altprov_second_factor_at"
STEP_UP_MAX_AGE = 15 * 60  # seconds: "if the last one was more than 15 minutes ago"

# URL name -> what it guards. Keep in step with the decorated views (a test compares them).
STEP_UP_VIEWS: dict[str, str] = {
    # Exports of pupil data
    "reports:school_table": "The school's AP report tables as CSV or XLSX (they list pupils)",
    "reports:census_download": "The school census AP placements as CSV or XLSX",
    "placements:notice_pdf": "A placement's written notice letter as a PDF (names the pupil)",
    "evidence:download": "An evidence file (a provider's final report on a pupil among them)",
    "sar:download": "A subject access export: one pupil's whole record as a ZIP",
    # Who holds a role, and who may reach pupils' data
    "staff:add": "Adding a member of staff: an invitation that grants a role",
    "staff:role_add": "Giving a member of staff a role",
    "staff:role_remove": "Removing a role",
    "staff:invitation_withdraw": "Withdrawing an invitation to a role",
    "provider_users:invite": "Inviting a provider's staff to the portal (they see pupils)",
    "provider_users:switch_off": "Switching a provider user off",
    "api_clients:add": "Creating an API token (it reads and writes pupils' data)",
    "api_clients:revoke": "Revoking an API token",
    # Deleting a pupil's record past its retention period
    "retention:confirm": "Deleting a pupil's whole record past its retention period",
    # The trust's settings
    "organisations:settings_edit": "Changing the trust settings",
    "organisations:threshold_rule_edit": "Changing a registration threshold rule",
    # How people sign in
    "staff:sign_in_reset": "Resetting someone's password and second factor",
    "staff:set_up_link": "Emailing someone a new link to set up their account",
    "accounts:recovery_codes_new": "Making new recovery codes for your own account",
    "accounts:passkey_add": "Adding a passkey to your own account (naming it)",
    "accounts:passkey_create": "Adding a passkey to your own account (making it)",
    "accounts:passkey_remove": "Removing one of your passkeys",
}

INTERRUPTED = (
    "Nothing was saved. Enter a code from your authenticator app, then make the change again."
)


def second_factor_proven(request) -> None:
    """The person has just entered a right code: sign-in, enrolment or the step-up page."""
    request.session[SECOND_FACTOR_AT] = int(time.time())


def second_factor_is_fresh(request) -> bool:
    """Whether the second factor was proven in this session at most 15 minutes ago."""
    proven_at = request.session.get(SECOND_FACTOR_AT)
    if not isinstance(proven_at, int):
        return False
    return 0 <= int(time.time()) - proven_at <= STEP_UP_MAX_AGE


def step_up_path(next_path: str) -> str:
    return f"{reverse('accounts:step_up')}?{urlencode({'next': next_path})}"


def step_up_required(view: Callable | None = None, *, form_page: Callable[..., str] | None = None):
    """Asks for a fresh code before the view runs, then comes back to it.

    A GET comes back to the same address. A POST is never replayed: the person goes back to the
    page with the form (the same address by default; `form_page(**view_kwargs)` for a view that
    only takes POST, whose form is on another page) with a message that nothing was saved."""

    def decorator(view_func):
        @wraps(view_func)
        def guarded(request, *args, **kwargs):
            if second_factor_is_fresh(request):
                return view_func(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(step_up_path(request.get_full_path()))
            messages.warning(request, INTERRUPTED)
            back = form_page(**kwargs) if form_page is not None else request.path
            return redirect(step_up_path(back))

        guarded.step_up_required = True
        return guarded

    if view is not None:
        return decorator(view)
    return decorator
