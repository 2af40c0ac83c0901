"""What may need redacting in a subject access export, and the export with the choices applied.

Three lists, each item with a stable key (the same record gives the same key on every request):

- **Names of third parties**, kept unless the person ticks them: every parent or carer (those
  removed from the record too: they are in its history), every member of staff and provider user
  the record names (who recorded, decided, entered or changed something), and every name typed
  into a "who" field (professionals consulted, who attended a meeting, who visited, who reported
  an incident, the social worker, the LA caseworker, the Virtual School headteacher). A redacted
  name is replaced by "[redacted]" wherever it appears as a whole word, in every file and the PDF.
- **Safeguarding entries**, redacted unless the person unticks them: each chronology entry marked
  as safeguarding, the pupil's safeguarding details, each placement ended early for safeguarding.
  A redacted entry is left out of the export (its row and its history); the pupil's safeguarding
  details, which are columns of the pupil's row, read "[redacted: safeguarding entry]". The text
  of a redacted entry is also replaced by "[redacted: safeguarding entry]" anywhere else it was
  copied (a chronology entry written from an early ending).
- **Documents**, kept unless ticked: files are exported as they were uploaded, so a name inside a
  file cannot be redacted; the person opens each one and leaves it out if it needs redacting.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from altprov.pupils.models import Pupil

from .records import KINDS, Change, PupilRecord, Row

REDACTED = "[redacted]"
REDACTED_ENTRY = "[redacted: safeguarding entry]"
# Copies of a redacted entry's text are looked for only when the text is at least this long, so
# that a short word ("Yes", "Note") is never taken for an entry elsewhere.
SHORTEST_COPIED_TEXT = 8

NAMES, ENTRIES, DOCUMENTS = "names", "entries", "documents"
PUPIL_SAFEGUARDING = "pupil-safeguarding"
# The chronology's text fields that a safeguarding entry's words live in.
ENTRY_TEXT = {"chronology": ("summary", "detail", "impact"), "early_endings": ("reason",)}


@dataclass(frozen=True)
class Item:
    key: str
    group: str
    label: str
    hint: str
    redact_by_default: bool


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def _name_key(name: str) -> str:
    return "name-" + hashlib.sha256(_normal(name).encode()).hexdigest()[:16]


class _Names:
    def __init__(self):
        self.names: dict[str, str] = {}  # key -> the name as first seen
        self.where: dict[str, list[str]] = {}

    def add(self, name: str, where: str) -> None:
        name = " ".join(name.split())
        if len(name) < 2:
            return
        key = _name_key(name)
        self.names.setdefault(key, name)
        places = self.where.setdefault(key, [])
        if where not in places:
            places.append(where)


def _names_in(record: PupilRecord) -> _Names:
    names = _Names()
    carers = [r.values for r in record.rows["carers"]]
    carers += [c.values for c in record.history if c.kind.key == "carers"]
    for values in carers:
        names.add(values["name"], f"Parent or carer ({values['relationship'].lower()})")
    for user in sorted(record.users.values(), key=str):
        where = f"Provider staff ({user.provider.name})" if user.provider_id else "Member of staff"
        names.add(str(user), where)
    for kind in KINDS:
        if not kind.name_fields:
            continue
        values = [r.values for r in record.rows[kind.key]]
        values += [c.values for c in record.history if c.kind is kind]
        for value_set in values:
            for field_name in kind.name_fields:
                text = value_set.get(field_name, "")
                for name in text.splitlines() if kind.lines else [text]:
                    names.add(name, f"Named in: {kind.title.lower()}")
    return names


def _has_safeguarding_details(pupil: Pupil) -> bool:
    return any(getattr(pupil, name) for name in Pupil.SAFEGUARDING_FIELDS)


def items_of(record: PupilRecord) -> list[Item]:
    """Every item the person making the export keeps or redacts, names first."""
    names = _names_in(record)
    items = [
        Item(key, NAMES, name, "; ".join(names.where[key]), False)
        for key, name in sorted(names.names.items(), key=lambda kv: _normal(kv[1]))
    ]
    for row in record.rows["chronology"]:
        if row.obj.safeguarding:
            items.append(
                Item(
                    f"chronology-{row.pk}",
                    ENTRIES,
                    f"{row.obj.occurred_on:%-d %B %Y}: {row.values['summary']}",
                    "Chronology entry marked as containing safeguarding information",
                    True,
                )
            )
    if _has_safeguarding_details(record.pupil):
        items.append(
            Item(
                PUPIL_SAFEGUARDING,
                ENTRIES,
                "The pupil's safeguarding details",
                "Looked after, social worker and Virtual School headteacher, and their history",
                True,
            )
        )
    for row in record.rows["early_endings"]:
        items.append(
            Item(
                f"early-ending-{row.pk}",
                ENTRIES,
                f"Placement ended early for safeguarding on {row.values['ended_on']}",
                "The safeguarding concerns recorded with the ending",
                True,
            )
        )
    for row in record.rows["documents"]:
        items.append(
            Item(
                f"document-{row.pk}",
                DOCUMENTS,
                row.values["original_name"],
                f"Uploaded on {row.values['uploaded_at'][:10]}",
                False,
            )
        )
    return items


def default_choice(items: list[Item]) -> list[str]:
    return [i.key for i in items if i.redact_by_default]


def _word_pattern(texts) -> re.Pattern | None:
    texts = sorted({t for t in texts if t}, key=len, reverse=True)
    if not texts:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, t.split())) for t in texts)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class Redaction:
    """The export's rows and history with the chosen items redacted."""

    def __init__(self, record: PupilRecord, redact: set[str]):
        self.record = record
        self.items = items_of(record)
        chosen = [i for i in self.items if i.key in redact]
        self.chosen = chosen
        names = _names_in(record).names
        self.names_pattern = _word_pattern(names[i.key] for i in chosen if i.group == NAMES)
        self.left_out: set[tuple[str, int]] = set()
        copied: list[str] = []
        for item in chosen:
            if item.key.startswith("chronology-"):
                self._leave_out("chronology", int(item.key.removeprefix("chronology-")), copied)
            elif item.key.startswith("early-ending-"):
                self._leave_out(
                    "early_endings", int(item.key.removeprefix("early-ending-")), copied
                )
            elif item.key.startswith("document-"):
                self.left_out.add(("documents", int(item.key.removeprefix("document-"))))
        self.pupil_safeguarding = PUPIL_SAFEGUARDING in {i.key for i in chosen}
        if self.pupil_safeguarding:
            # Copied elsewhere, the social worker's name or number (never "Yes" or "No": too
            # short to be looked for, like any text under SHORTEST_COPIED_TEXT).
            pupil_values = record.rows["pupil"][0].values
            copied += [pupil_values[field_name] for field_name in Pupil.SAFEGUARDING_FIELDS]
        self.entries_pattern = _word_pattern(t for t in copied if len(t) >= SHORTEST_COPIED_TEXT)

    def _leave_out(self, kind_key: str, pk: int, copied: list[str]) -> None:
        self.left_out.add((kind_key, pk))
        for row in self.record.rows[kind_key]:
            if row.pk == pk:
                copied += [row.values[f] for f in ENTRY_TEXT[kind_key]]

    def count(self, group: str) -> tuple[int, int]:
        """How many items of the group were listed, and how many redacted."""
        return (
            sum(i.group == group for i in self.items),
            sum(i.group == group for i in self.chosen),
        )

    def text(self, value: str) -> str:
        if not value:
            return value
        if self.entries_pattern is not None:
            value = self.entries_pattern.sub(REDACTED_ENTRY, value)
        if self.names_pattern is not None:
            value = self.names_pattern.sub(REDACTED, value)
        return value

    def _values(self, kind_key: str, values: dict[str, str]) -> dict[str, str]:
        out = {name: self.text(value) for name, value in values.items()}
        if kind_key == "pupil" and self.pupil_safeguarding:
            for field_name in Pupil.SAFEGUARDING_FIELDS:
                out[field_name] = REDACTED_ENTRY
        return out

    def rows(self, kind_key: str) -> list[Row]:
        return [
            Row(row.kind, row.pk, self._values(kind_key, row.values), row.obj)
            for row in self.record.rows[kind_key]
            if (kind_key, row.pk) not in self.left_out
        ]

    def history(self) -> list[Change]:
        changes = []
        for c in self.record.history:
            if (c.kind.key, c.pk) in self.left_out:
                continue
            before = self._values(c.kind.key, c.before) if c.before is not None else None
            changes.append(
                Change(
                    c.kind,
                    c.pk,
                    c.at,
                    self.text(c.by),
                    c.change,
                    self._values(c.kind.key, c.values),
                    before,
                )
            )
        return changes

    def documents(self):
        return [d for d in self.record.documents if ("documents", d.pk) not in self.left_out]
