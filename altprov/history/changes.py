"""A record's history of changes (X-1), read from simple_history's tables.

A record's history is the versions of one or more models (the pupil and their parents and
carers; the placement and its weekly sessions), newest first, each compared with the version
of the same row before it. A page of changes costs the same queries whatever its length: the
page's version ids from all the tables at once (a UNION) and their count, then per table on the
page its versions and the version before each, with their authors (one query), the authors'
roles where the record is (one), and one per kind of related record a changed field points to
(a site, a provider, a person).

Fields are shown in the policy's words: the field's verbose name, a choice as its label, a date
as the service writes dates. A field that `altprov.audit.sensitivity` marks sensitive is shown
only to someone holding its flag; anyone else sees one line per flag saying that something
under it changed, never a value from any version.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import models
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value

from altprov.audit.sensitivity import Flag, hidden_by
from altprov.authz.fields import short_role
from altprov.authz.models import RoleAssignment
from altprov.core.diffs import FieldChange, diff, related_texts

PAGE_SIZE = 25
KINDS = {"+": "Added", "~": "Changed", "-": "Removed"}


@dataclass(frozen=True)
class Source:
    """One model of a record's history: its rows (`where`, a filter on its historical table),
    what a row is called on the page, and which of its fields are shown."""

    model: type[models.Model]
    where: dict
    noun: str
    name: Callable | None = None  # historical row -> what tells this row from its siblings
    fields: tuple[str, ...] | None = None  # shown fields; None: every field but `exclude`
    exclude: tuple[str, ...] = ()
    display: dict[str, Callable] = field(default_factory=dict)  # field -> value -> text
    flag: Flag | None = None  # a kind of record that is wholly under a flag (the SEND records)

    def shown_fields(self) -> list[models.Field]:
        if self.fields is not None:
            return [self.model._meta.get_field(name) for name in self.fields]
        return [
            f
            for f in self.model._meta.concrete_fields
            if not f.primary_key and f.name not in self.exclude
        ]


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    who: str
    kind: str  # Added, Changed, Removed
    what: str
    fields: list[FieldChange]


def _union(sources: list[Source]):
    parts = [
        s.model.history.filter(**s.where)
        .order_by()
        .annotate(source=Value(i, output_field=IntegerField()))
        .values_list("history_id", "history_date", "source")
        for i, s in enumerate(sources)
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-history_date", "-history_id")


def history_page(sources: list[Source], number, *, allowed: frozenset[Flag], school=None, trust):
    """The page `number` of changes, and the changes on it (`Change`s, newest first). `allowed`
    is the flags the viewer holds; `school` (or, for a trust's record, `trust`) is where the
    authors' roles are read."""
    page = Paginator(_union(sources), PAGE_SIZE).get_page(number)
    entries = list(page.object_list)
    wanted: dict[int, list[int]] = defaultdict(list)
    for history_id, _, source in entries:
        wanted[source].append(history_id)
    rows, before = {}, {}
    for i, ids in wanted.items():
        rows[i], before[i] = _versions(sources[i].model, ids)
    authors = {r.history_user_id for versions in rows.values() for r in versions.values()}
    roles = _roles(authors - {None}, school=school, trust=trust)
    related = _related(sources, rows, before)
    changes = []
    for history_id, _, i in entries:
        row = rows[i][history_id]
        previous = before[i].get(row.prev_id)
        change = _change(sources[i], row, previous, allowed=allowed, related=related)
        if change["kind"] == "Changed" and not change["fields"]:
            continue  # saved with nothing this page shows changed (another part of the row)
        changes.append(Change(**change, who=_who(row.history_user, roles)))
    return page, changes


def _versions(model, ids):
    """The versions `ids` of one table and the version before each, in one query:
    ({id: version, with `prev_id`}, {id: version before})."""
    historical = model.history.model
    pk = model._meta.pk.attname
    previous = Subquery(
        historical.objects.filter(**{pk: OuterRef(pk)}, history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    before_page = historical.objects.filter(history_id__in=ids).annotate(p=previous).values("p")
    found = {
        r.history_id: r
        for r in historical.objects.filter(Q(history_id__in=ids) | Q(history_id__in=before_page))
        .annotate(prev_id=previous)
        .select_related("history_user")
    }
    return {i: found[i] for i in ids}, found


def _roles(user_ids, *, school, trust) -> dict[int, list[str]]:
    if not user_ids:
        return {}
    where = Q(trust_id=trust.pk) if school is None else Q(school_id=school.pk)
    where |= Q(trust_id=trust.pk, school__isnull=True)
    found: dict[int, set[str]] = defaultdict(set)
    for user_id, role in RoleAssignment.objects.filter(where, user_id__in=user_ids).values_list(
        "user_id", "role"
    ):
        found[user_id].add(short_role(role))
    return {user_id: sorted(labels) for user_id, labels in found.items()}


def _who(user, roles) -> str:
    if user is None:
        return "The service (an import or a scheduled task)"
    if user.provider_id is not None:
        return f"{user.full_name} (provider staff)"
    held = roles.get(user.pk)
    return (
        f"{user.full_name} ({', '.join(held)})" if held else f"{user.full_name} (no role here now)"
    )


def _related(sources, rows, before) -> dict:
    """{(related model, id): text} for every foreign key value on the page: one query a model."""
    return related_texts(
        *(
            (sources[i].shown_fields(), [*versions.values(), *before[i].values()])
            for i, versions in rows.items()
        )
    )


def _change(source: Source, row, previous, *, allowed, related) -> dict:
    kind = KINDS.get(row.history_type, "Changed")
    label = source.model._meta.label_lower
    shown = []
    if kind != "Removed":
        shown, hidden = diff(
            source.shown_fields(),
            previous,
            row,
            related=related,
            display=source.display,
            hide=lambda f: hidden_by(label, f.name, allowed),
        )
        shown += [
            FieldChange(label=flag.heading, before="", after="", hidden=flag.hidden_text)
            for flag in hidden
        ]
    name = source.name(row) if source.name else ""
    return {
        "at": row.history_date,
        "kind": kind,
        "what": f"{source.noun}: {name}" if name else source.noun,
        "fields": shown,
    }
