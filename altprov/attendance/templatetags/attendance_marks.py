"""The options of a mark's select in the week's grid, written once per code (issue 10, P6).

A school's week has a select for each placement's ten sessions, each listing every code: written
one template node at a time, those thousands of options were most of the page's time. The
options for each selected code are built once here, every value escaped, so the page writes the
same HTML in one step."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from altprov.attendance.codes import CODES

register = template.Library()


def _options(selected: str) -> SafeString:
    return format_html(
        '<option value=""{}>-</option>{}',
        "" if selected else " selected",
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((code, " selected" if code == selected else "", code) for code in CODES),
        ),
    )


_BY_SELECTED = {selected: _options(selected) for selected in ("", *CODES)}


@register.filter
def code_options(selected) -> SafeString:
    """The select's options with `selected` chosen: "-" for no mark, and no code chosen for a
    value that is not a code (what a refused form sent back)."""
    selected = selected or ""
    found = _BY_SELECTED.get(selected)
    return found if found is not None else _options(selected)
