"""Coming back to where you started: a page reached from a checklist (the start gate, a
referral's task list) carries the checklist's address as `?next=`, keeps it through its form as
a hidden field, offers a "Back" link to it and returns there after saving.

Only a path on this site is accepted: anything with a scheme or a host (`https://evil.example/`,
`//evil.example`, `javascript:`), a backslash or a control character is ignored, and the page
falls back to its usual destination."""

from urllib.parse import urlencode, urlsplit

from django.utils.http import url_has_allowed_host_and_scheme

PARAM = "next"


def safe_path(value) -> str:
    """`value` if it is a path on this site, else ''."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return ""
    if "\\" in value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set(), require_https=True):
        return ""
    return value


def return_path(request) -> str:
    """The safe return address the request carries (the form's hidden field, else the query)."""
    if request.method == "POST" and PARAM in request.POST:
        return safe_path(request.POST.get(PARAM))
    return safe_path(request.GET.get(PARAM))


def back_to(request, default: str) -> str:
    """Where to go after saving: the safe return address, or the page's usual destination."""
    return return_path(request) or default


def with_return(url: str, to: str) -> str:
    """`url` carrying `to` as its return address."""
    to = safe_path(to)
    if not to:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({PARAM: to})}"


def here(request) -> str:
    """The current page's own address, to give to the pages it links to."""
    return request.get_full_path()
