"""No lost updates (X-5, issue 11 item 3): records that more than one person edits carry a version.

Two people open the same record's form; the first saves; the second, still holding the page as
it was, saves too and would silently overwrite the first person's change. So:

- The record's model has `VersionedModel`'s `edit_version`, a whole number that every `save()`
  moves on by one (`update_fields` saves too). (`ProviderAudit` already has a field called
  `version`, the audit's own numbering, hence the name.)
- Its edit form has `VersionedFormMixin`, given `version=record.edit_version`: a hidden field
  `based_on_version` carries the version the page was made from.
- The service, inside its transaction, calls `check_version(record, based_on)`: the row is locked
  (`altprov.core.locking`), and if the version stored is not the one the form was based on, it
  raises `StaleVersion` and writes nothing. Otherwise the save that follows moves it on.
- The view catches `StaleVersion` and calls `refuse(form, error)`: the error summary says "Someone
  else changed this record while you were editing it", the form keeps the person's own values
  but is now based on the new version (one save re-applies them), and `changes_since` lists what
  changed, field by field, who and when, from simple_history, without the fields the person may
  not see.

A service called without a version (`based_on=None`: imports, the demo, tests of other rules)
is not checked, but still moves the version on, so a form open meanwhile is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.db import models

from .diffs import FieldChange, diff, related_texts
from .locking import lock, lock_copy

VERSION_FIELD = "based_on_version"
STALE_MESSAGE = "Someone else changed this record while you were editing it"


class VersionedModel(models.Model):
    """Gives a model `edit_version`, moved on by every save."""

    edit_version = models.PositiveIntegerField(
        "version",
        default=0,
        editable=False,
        help_text="Moved on by every save; an edit based on an older version is refused (X-5)",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.edit_version = (self.edit_version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "edit_version"}
        super().save(*args, **kwargs)


class StaleVersion(Exception):
    """The record has moved on since the version the form was based on."""

    def __init__(self, record, based_on: int):
        super().__init__(STALE_MESSAGE)
        self.record = record
        self.based_on = based_on
        self.current = record.edit_version


def check_version(record, based_on: int | None, *, locked: bool = False, reread: bool = True):
    """Inside the service's transaction: locks `record`'s row and refuses (`StaleVersion`) when
    its stored version is not `based_on`. `locked=True` when the caller has already read the
    record afresh under a lock (a placement's records, read with the placement locked; a new,
    unsaved record is version 0). `reread=False` when a form has already put its changes on
    `record`: a fresh copy is compared and `record` keeps the changes, with the stored version."""
    if locked or record.pk is None:
        current = record
    else:
        current = lock(record) if reread else lock_copy(record)
    if based_on is not None and based_on != current.edit_version:
        raise StaleVersion(current, based_on)
    record.edit_version = current.edit_version
    return record


class VersionedFormMixin:
    """Put before the GOV.UK form class: `Form(data, version=record.edit_version)` adds the
    hidden `based_on_version` field. Without `version` (a page that adds a record) there is no
    field and `based_on()` is None, as it is when a request leaves the field out."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            # Not required: the page always sends it; a request made by hand without it is saved
            # unchecked, as a service called without a version is (docs/security.md).
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=version,
                min_value=0,
                required=False,
                error_messages={
                    "invalid": "The page was incomplete: open it again and make your change",
                },
            )
            self.build_helper()

    def build_helper(self) -> None:
        # The page prints the hidden field itself (`version_input`), so forms with a layout of
        # their own carry it too; the default layout leaves it out.
        super().build_helper()
        self.helper.layout.fields = [f for f in self.helper.layout.fields if f != VERSION_FIELD]

    def has_changed(self) -> bool:
        # The version says which record the answers are based on; it is not an answer.
        return any(name != VERSION_FIELD for name in self.changed_data)

    def version_input(self) -> str:
        return str(self[VERSION_FIELD]) if VERSION_FIELD in self.fields else ""

    def based_on(self) -> int | None:
        return self.cleaned_data.get(VERSION_FIELD) if VERSION_FIELD in self.fields else None


def refuse(form, error: StaleVersion) -> None:
    """Re-shows `form` with the person's own values, now based on the record's new version, and
    the error summary's message."""
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = str(error.current)
    form.data = data
    form.add_error(None, STALE_MESSAGE)


# What changed --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    what: str
    who: str
    when: dt.datetime
    fields: list[FieldChange] = field(default_factory=list)


def _diff(entry, *, hidden, excluded) -> list[FieldChange]:
    """The rendering and the diff are the history of changes' (`altprov.core.diffs`); a field
    the viewer may not see is left out here, as the form leaves it out."""
    fields = [
        f
        for f in entry.instance_type._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in excluded
    ]
    previous = entry.prev_record
    shown, _ = diff(
        fields,
        previous,
        entry,
        related=related_texts((fields, [entry, previous])),
        hide=lambda f: f.name in hidden or None,
    )
    return shown


def _change(entry, what: str, fields) -> Change:
    who = entry.history_user
    return Change(
        what=what,
        who=str(who) if who is not None else "The service",
        when=entry.history_date,
        fields=fields,
    )


def changes_since(record, based_on: int, *, hidden=(), excluded=(), children=()) -> list[Change]:
    """What changed in `record` after version `based_on`, oldest first, field by field with who
    and when, leaving out the fields named in `hidden` (those the viewer may not see) and
    `excluded` (links to the parent). `children` are (what, historical queryset, excluded fields)
    of records kept with it (an audit's answers): their changes since that version was saved are
    listed too. A save that changed only hidden fields is left out, who and when included."""
    entries = list(
        record.history.filter(edit_version__gt=based_on).order_by("history_date", "history_id")
    )
    started = (
        record.history.filter(edit_version__lte=based_on)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    what = record._meta.verbose_name
    changes = []
    for entry in entries:
        fields = _diff(entry, hidden=hidden, excluded=excluded)
        if fields:
            changes.append(_change(entry, what, fields))
    for child_what, history, child_excluded in children:
        later = history.filter(history_date__gt=started) if started else history
        for entry in later.order_by("history_date", "history_id"):
            if entry.history_type == "-":
                changes.append(_change(entry, f"{child_what} removed", []))
                continue
            fields = _diff(entry, hidden=hidden, excluded=child_excluded)
            if fields:
                changes.append(_change(entry, child_what, fields))
    changes.sort(key=lambda c: c.when)
    return changes
