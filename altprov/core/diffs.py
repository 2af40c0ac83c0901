"""What changed between two versions of a row, in the policy's words (X-1, X-5).

One rendering of a field's value and one diff, used by the history of changes
(`altprov.history`) and by the "what changed while you were editing" panel of a refused save
(`altprov.core.versions`), so both say a value the same way: the field's verbose name, a choice
by its label (or a model's `VALUE_LABELS` for values kept without choices: a referral's reasons,
a pupil's year group), "Yes"/"No", dates
and times as the service writes them ("3 December 2026 at 2:45pm"), a related record by its
name. Nothing here knows about sensitivity: the caller says which fields are hidden (`hide`).

A plain module: it imports no app, so core and every app can use it without an import cycle.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst

NOT_RECORDED = "Not recorded"
REMOVED_RECORD = "A record since removed"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    hidden: str = ""  # instead of the values, for a flag the viewer does not hold


def field_label(f: models.Field) -> str:
    return capfirst(str(f.verbose_name))


def when_text(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{date_format(local, 'j F Y')} at {date_format(local, 'g:iA').lower()}"


def related_texts(*groups: tuple[Iterable[models.Field], Iterable]) -> dict:
    """{(related model, id): text} for every foreign key value of the fields on the rows (model
    instances or historical rows) of each group (fields, rows): one query per related model,
    whatever the number of rows or groups."""
    ids: dict[type, set] = defaultdict(set)
    for fields, rows in groups:
        relations = [f for f in fields if f.is_relation]
        for row in rows:
            for f in relations if row is not None else ():
                value = getattr(row, f.attname)
                if value is not None:
                    ids[f.related_model].add(value)
    found = {}
    user_model = get_user_model()
    for model, wanted in ids.items():
        for pk, obj in model._base_manager.in_bulk(wanted).items():
            found[(model, pk)] = obj.full_name if model is user_model else str(obj)
    return found


def value_text(f: models.Field, value, *, related: dict, display: Callable | None = None) -> str:
    """A field's value as the pages say it. `related` is `related_texts`'s answer; `display`
    the page's own wording of this field, if it has one."""
    if value is None or value == "" or value == [] or value == {}:
        return NOT_RECORDED
    if display is not None:
        return display(value)
    if f.is_relation:
        return related.get((f.related_model, value), REMOVED_RECORD)
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    labels = getattr(f.model, "VALUE_LABELS", {}).get(f.name, {})
    if not isinstance(value, list | tuple | dict) and value in labels:
        return str(labels[value])
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return when_text(value)
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, dt.time):
        return date_format(value, "g:iA").lower()
    if isinstance(value, list | tuple):
        return "; ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def diff(
    fields: Iterable[models.Field],
    previous,
    row,
    *,
    related: dict,
    display: dict[str, Callable] | None = None,
    hide: Callable[[models.Field], object] = lambda f: None,
) -> tuple[list[FieldChange], list]:
    """The fields that differ between `previous` (None: `row` is the first version, and only the
    fields it recorded count) and `row`: ([FieldChange], [what hid the others]). `hide(field)`
    says what hides a field from the viewer (a flag), or None when it is shown; each hider is
    listed once, in the order met, and none of its fields' values is rendered."""
    display = display or {}
    shown, hidden = [], []
    for f in fields:
        after = getattr(row, f.attname)
        before = getattr(previous, f.attname) if previous is not None else None
        if previous is not None and before == after:
            continue
        if previous is None and after in (None, "", [], {}):
            continue  # recorded empty: nothing to say
        hider = hide(f)
        if hider is not None:
            if hider not in hidden:
                hidden.append(hider)
            continue
        shows = display.get(f.name)
        shown.append(
            FieldChange(
                label=field_label(f),
                before=value_text(f, before, related=related, display=shows)
                if previous is not None
                else "",
                after=value_text(f, after, related=related, display=shows),
            )
        )
    return shown, hidden
