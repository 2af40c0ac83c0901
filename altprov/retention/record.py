"""One pupil's whole record in the service, as rows to delete (X-1, retention).

The record is the pupil and every row that refers to it, directly or through another row of the
record: carers, the chronology, suspensions, referrals with their consultations, meeting and
agreement, placements with their sessions, records, plan, information shared, reviews,
monitoring, progress, SEND records, attendance and outcomes, the access log's links naming the
pupil, and the listing for deletion. It is found by walking every foreign key of every model
(auto-created many-to-many tables included) back from the pupil, so a model added later is part of
the record as soon as it refers to any of it: nothing has to be listed here. Only references
*to* the record are followed, never from it, so nothing of another pupil, school or trust (the
provider, the staff who recorded, the access event itself) is reached.

Every version in simple_history of each of those rows goes too, including the versions of rows
deleted earlier (a carer removed last year): the walk follows the foreign keys kept in the
historical tables as well. So do the uploaded files the record's rows (or any version of them)
point to, with every earlier and later version of each, unless a row outside the record points
to one of them too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import HistoricalChanges
from simple_history.utils import get_history_model_for_model

from altprov.evidence.models import EvidenceFile
from altprov.pupils.models import Pupil


@cache
def references() -> dict[type[models.Model], list[tuple[type[models.Model], models.Field]]]:
    """Model -> every (model, foreign key) that refers to it, historical tables left out."""
    found = defaultdict(list)
    for model in apps.get_models(include_auto_created=True):
        if issubclass(model, HistoricalChanges):
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is not None:
                found[f.related_model].append((model, f))
    return dict(found)


def history_of(model: type[models.Model]) -> type[models.Model] | None:
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


@dataclass
class Record:
    """Ids to delete: live rows by model (parents before children), historical rows by
    historical model, and evidence files."""

    rows: dict[type[models.Model], set[int]] = field(default_factory=dict)
    history: dict[type[models.Model], set[int]] = field(default_factory=dict)
    files: set[int] = field(default_factory=set)

    def row_count(self) -> int:
        return sum(len(ids) for ids in self.rows.values())

    def history_count(self) -> int:
        return sum(len(ids) for ids in self.history.values())

    def counts(self) -> dict[str, int]:
        """Rows by what they are, in words, for the DSL's confirmation page."""
        words = {}
        for model, ids in self.rows.items():
            if ids and model is not EvidenceFile:
                words[str(model._meta.verbose_name_plural)] = len(ids)
        if self.files:
            words["uploaded files"] = len(self.files)
        return words


def record_of(pupil: Pupil) -> Record:
    # Every id known of each model, live or only in its history: the walk goes on from both.
    known: dict[type[models.Model], set[int]] = {Pupil: {pupil.pk}}
    live: dict[type[models.Model], set[int]] = {Pupil: {pupil.pk}}
    todo = [Pupil]
    while todo:
        parent = todo.pop(0)
        for child, fk in references().get(parent, []):
            if fk.target_field != parent._meta.pk:
                continue  # a reference by another field is not a row of the record
            ids = known[parent]
            now = set(
                child._base_manager.filter(**{f"{fk.attname}__in": ids}).values_list(
                    "pk", flat=True
                )
            )
            before = set()
            history = history_of(child)
            if history is not None:
                before = set(
                    history.objects.filter(**{f"{fk.attname}__in": ids})
                    .values_list(child._meta.pk.attname, flat=True)
                    .distinct()
                )
            live.setdefault(child, set()).update(now)
            new = (now | before) - known.get(child, set())
            if new:
                known.setdefault(child, set()).update(new)
                if child not in todo:
                    todo.append(child)
    record = Record(rows={m: ids for m, ids in live.items() if ids})
    for model, ids in known.items():
        history = history_of(model)
        if history is not None:
            record.history[history] = set(
                history.objects.filter(**{f"{model._meta.pk.attname}__in": ids}).values_list(
                    "pk", flat=True
                )
            )
    record.files = _files(record, known)
    if record.files:
        record.rows[EvidenceFile] = set(record.files)
    return record


def _files(record: Record, known: dict) -> set[int]:
    """The evidence files the record's rows or their versions point to, every version of each,
    less any lineage a row outside the record points to."""
    pointed = set()
    for model, ids in known.items():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is EvidenceFile:
                pointed |= _values(model._base_manager, f.attname, model._meta.pk.attname, ids)
                history = history_of(model)
                if history is not None:
                    pointed |= _values(history.objects, f.attname, model._meta.pk.attname, ids)
    pointed.discard(None)
    if not pointed:
        return set()
    roots = {
        lineage or pk
        for pk, lineage in EvidenceFile.objects.filter(pk__in=pointed).values_list(
            "pk", "lineage_id"
        )
    }
    versions = set(
        EvidenceFile.objects.filter(
            models.Q(pk__in=roots) | models.Q(lineage_id__in=roots)
        ).values_list("pk", flat=True)
    )
    shared = set()
    for model, fk in references().get(EvidenceFile, []):
        if model is EvidenceFile:
            continue
        outside = model._base_manager.filter(**{f"{fk.attname}__in": versions}).exclude(
            pk__in=known.get(model, set())
        )
        shared |= set(outside.values_list(fk.attname, flat=True))
    if shared:
        shared_roots = {
            lineage or pk
            for pk, lineage in EvidenceFile.objects.filter(pk__in=shared).values_list(
                "pk", "lineage_id"
            )
        }
        versions = set(
            EvidenceFile.objects.filter(pk__in=versions)
            .exclude(models.Q(pk__in=shared_roots) | models.Q(lineage_id__in=shared_roots))
            .values_list("pk", flat=True)
        )
    return versions


def _values(manager, attname: str, key: str, ids) -> set:
    return set(manager.filter(**{f"{key}__in": ids}).values_list(attname, flat=True))
