"""{% mark_cell cell pupil %}: one session's mark on the portal's today and week pages (R-10.6).

Written in Python, the same HTML a template include gave: the today page of a provider with a
hundred pupils has two hundred cells, each a select of every code, and a template node per code
of every cell was most of the page's time (issue 10, P6). The options are made once per code
selected (altprov/attendance/code_options.py); the pupil is named through `Pupil.provider_name`, which records the pupil as shown (X-1).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from altprov.attendance.code_options import code_options

register = template.Library()


@lru_cache(maxsize=64)
def _day(day: dt.date, language: str | None) -> str:
    """`{{ day|date:"l j F" }}`: "Wednesday 2 December"."""
    return date_format(day, "l j F")


@register.simple_tag
def mark_cell(cell, pupil) -> SafeString:
    """An open cell: its select with the saved or entered code, the error if refused, and
    "(school)" when the school entered the saved mark; a closed one: why it takes no mark."""
    if not cell.open:
        return format_html(
            '\n<span aria-hidden="true">&ndash;</span>'
            '<span class="govuk-visually-hidden">No mark: {}</span>\n\n',
            cell.reason,
        )
    error = (
        format_html(
            '<p class="govuk-error-message" id="{}-error">'
            '<span class="govuk-visually-hidden">Error:</span> {}</p>',
            cell.name,
            cell.error,
        )
        if cell.error
        else ""
    )
    school = (
        mark_safe(  # noqa: S308  # nosec B308 B703 - constant text
            '<p class="govuk-body-s govuk-!-margin-bottom-0">(school)'
            '<span class="govuk-visually-hidden">: entered by the school</span></p>'
        )
        if cell.saved and not cell.by_provider
        else ""
    )
    return format_html(
        "\n"
        '<div class="govuk-form-group govuk-!-margin-bottom-0{error_class}">\n'
        '  <label class="govuk-label govuk-visually-hidden" for="{name}">'
        "{pupil}, {day}, {part}</label>\n"
        "  {error}\n"
        '  <select class="govuk-select{select_error}" id="{name}" name="{name}"{described}>\n'
        '    <option value=""{empty}>-</option>\n'
        "    {options}\n"
        "  </select>\n"
        "  {school}\n"
        "</div>\n\n",
        error_class=" govuk-form-group--error" if cell.error else "",
        name=cell.name,
        pupil=pupil.provider_name,
        day=_day(cell.day, get_language()),
        part=cell.part,
        error=error,
        select_error=" govuk-select--error" if cell.error else "",
        described=format_html(' aria-describedby="{}-error"', cell.name) if cell.error else "",
        empty="" if cell.value else " selected",
        options=code_options(cell.value),
        school=school,
    )
