"""One rule for every change of privilege (X-5, issue 14 item 1.3): the session gets a new id.

A session id that someone planted or saw before the change (after the password step, say) must
not become the id of a session with more rights. Every place that raises what a session may do
calls `privilege_changed`: the password step, the second-factor code step, a recovery code,
enrolling an authenticator, a set-up link, and switching to a school where the user may do more.
"""


def privilege_changed(request) -> None:
    """Gives the session a new id, keeping its contents."""
    request.session.cycle_key()
