"""Which pupils the response being made shows (X-1).

Every pupil name the service prints goes through one of the Pupil's name accessors (`full_name`,
`short_name`, `sorted_name`, `str(pupil)`), and each of them calls `pupil_shown(pupil)`. While a
request is being answered, `AccessLogMiddleware` (altprov/audit/access.py) collects those pupils
here, in a context variable, and writes the access events after the response is made. Outside a
request (commands, the shell, tests that build data) nothing is collected.

A page that shows a pupil's record without printing the name (a UPN, SEND detail) declares the
pupil with `pupil_shown(pupil)` itself; `altprov.pupils.selectors.pupil_view_for` does that for
every page built on a pupil's record.

This module imports nothing from the service, so a model can use it without an import circle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

_shown: ContextVar[dict | None] = ContextVar("altprov_pupils_shown", default=None)


def pupil_shown(pupil) -> None:
    """Records that the response being made shows this pupil. Costs no query."""
    shown = _shown.get()
    if shown is not None and pupil.pk is not None:
        shown.setdefault(pupil.pk, pupil)


@dataclass(frozen=True)
class PupilShown:
    """A pupil shown from a stored copy of a page (the home page's attention list, kept in the
    shared cache): its ids, which are all the access log needs. Declared with `pupil_shown`."""

    pk: int
    school_id: int
    trust_id: int


@contextmanager
def collecting() -> Iterator[dict]:
    """Collects the pupils shown inside the block: {pupil id: pupil}."""
    shown: dict = {}
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)
