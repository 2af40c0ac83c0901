"""The subject access export as a ZIP made in memory (X-1): a PDF summary, one CSV per kind of
record, the history of changes, the list of documents and the documents themselves, every text
passed through the redaction first."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from .records import DOCUMENTS, KINDS, columns, heading
from .redaction import DOCUMENTS as DOCUMENT_ITEMS
from .redaction import ENTRIES, NAMES, Redaction

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a
# cell is written with a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HISTORY_FILE = "history_of_changes.csv"
SUMMARY_FILE = "summary.pdf"


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # with a BOM, so spreadsheets read UTF-8


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:80] or "file"


def document_path(document, redaction: Redaction) -> str:
    return f"documents/{document.pk}-{_safe_name(redaction.text(document.original_name))}"


def kind_csv(kind, redaction: Redaction) -> bytes:
    fields = columns(kind.model)
    rows = [[row.values[f.name] for f in fields] for row in redaction.rows(kind.key)]
    return _csv([heading(f) for f in fields], rows)


def documents_csv(redaction: Redaction) -> bytes:
    fields = [f for f in columns(DOCUMENTS.model) if f.name != "file"]
    rows = [
        [*(row.values[f.name] for f in fields), document_path(row.obj, redaction)]
        for row in redaction.rows(DOCUMENTS.key)
    ]
    return _csv([*(heading(f) for f in fields), "File in this ZIP"], rows)


def history_csv(redaction: Redaction) -> bytes:
    labels = {}
    rows = []
    for change in redaction.history():
        fields = labels.setdefault(change.kind.key, columns(change.kind.model))
        if change.change == "Changed" and change.before is not None:
            what = [
                f"{heading(f)}: {change.before.get(f.name, '')} → {change.values[f.name]}"
                for f in fields
                if change.before.get(f.name) != change.values[f.name]
            ]
        elif change.change == "Created":
            what = [
                f"{heading(f)}: {change.values[f.name]}" for f in fields if change.values[f.name]
            ]
        else:
            what = []
        rows.append(
            [
                change.kind.title,
                str(change.pk),
                change.at.isoformat(timespec="seconds"),
                change.by,
                change.change,
                "\n".join(what),
            ]
        )
    return _csv(["Record", "Reference", "When", "Who", "Change", "What changed"], rows)


def summary_pdf(redaction: Redaction, *, made_by, request=None) -> bytes:
    pupil = redaction.record.pupil
    pupil_row = redaction.rows("pupil")[0].values
    counts = [(kind.title, f"{kind.key}.csv", len(redaction.rows(kind.key))) for kind in KINDS]
    html = render_to_string(
        "sar/summary_pdf.html",
        {
            "pupil": pupil,
            "pupil_values": [
                (heading(f), pupil_row[f.name])
                for f in columns(type(pupil))
                if f.name not in ("id", "first_name", "last_name", "school")
            ],
            "carers": redaction.rows("carers"),
            "chronology": redaction.rows("chronology"),
            "counts": counts,
            "history_count": len(redaction.history()),
            "documents": [
                (redaction.text(d.original_name), document_path(d, redaction))
                for d in redaction.documents()
            ],
            "names": redaction.count(NAMES),
            "entries": redaction.count(ENTRIES),
            "document_items": redaction.count(DOCUMENT_ITEMS),
            "made_by": redaction.text(str(made_by)),
            "made_at": timezone.localtime(),
        },
        request=request,
    )
    return HTML(string=html).write_pdf()


def export_zip(redaction: Redaction, *, made_by, request=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SUMMARY_FILE, summary_pdf(redaction, made_by=made_by, request=request))
        for kind in KINDS:
            archive.writestr(f"{kind.key}.csv", kind_csv(kind, redaction))
        archive.writestr(HISTORY_FILE, history_csv(redaction))
        archive.writestr(f"{DOCUMENTS.key}.csv", documents_csv(redaction))
        for document in redaction.documents():
            with document.file.open("rb") as f:
                archive.writestr(document_path(document, redaction), f.read())
    return buffer.getvalue()
