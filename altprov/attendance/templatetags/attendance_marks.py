"""`{{ cell.value|code_options }}`: the options of a mark's select in the school's week grid,
"-" (no mark) first, from the options made once per code (altprov/attendance/code_options.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from altprov.attendance import code_options as options

register = template.Library()


@register.filter
def code_options(selected) -> SafeString:
    """The select's options with `selected` chosen: "-" for no mark, and no code chosen for a
    value that is not a code (what a refused form sent back)."""
    return format_html(
        '<option value=""{}>-</option>{}',
        "" if selected else " selected",
        options.code_options(selected),
    )
