"""The options of a mark's select, one per attendance code, made once for each code selected
(issue 10, P6): a week's grid or a provider's day has hundreds of selects, and writing every
option of every select one template node at a time was most of those pages' time. Used by the
school's week grid (`attendance_marks`) and the provider portal's marks (`portal_marks`)."""

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from .codes import CODES


def _options(selected: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, " selected" if code == selected else "", code) for code in CODES),
    )


# Every code's options with that code selected, and with none ("": no mark).
_BY_SELECTED = {selected: _options(selected) for selected in ("", *CODES)}


def code_options(selected) -> SafeString:
    """Every code's option, `selected` chosen; none chosen for no mark or a value that is not a
    code (what a refused form sent back: it is never written out)."""
    return _BY_SELECTED.get(selected or "", _BY_SELECTED[""])
