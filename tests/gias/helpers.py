"""Builders for GIAS files and providers in the GIAS tests."""

import csv
import io
import itertools
from pathlib import Path

from altprov.providers.models import Provider

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gias" / "gias_sample.csv"

# The columns the importer reads, in a different order from the real file, with a few it ignores.
HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (name)",
    "UKPRN",
    "OfstedLastInsp",
    "Street",
    "Town",
    "Postcode",
    "SchoolWebsite",
]

_seq = itertools.count(1)


def row(urn, name="Riverside School", **values) -> dict:
    base = {
        "URN": str(urn),
        "LA (code)": "201",
        "LA (name)": "Testshire",
        "EstablishmentName": name,
        "TypeOfEstablishment (name)": "Other independent school",
        "EstablishmentTypeGroup (name)": "Independent schools",
        "EstablishmentStatus (name)": "Open",
        "OpenDate": "01-09-2010",
        "CloseDate": "",
        "PhaseOfEducation (name)": "Not applicable",
        "UKPRN": "10012345",
        "OfstedLastInsp": "",
        "Street": "1 High Street",
        "Town": "Testtown",
        "Postcode": "ZZ1 1AA",
        "SchoolWebsite": "",
    }
    base.update(values)
    return base


def csv_text(rows, header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(column, "") for column in header] if isinstance(r, dict) else r)
    return out.getvalue()


def csv_file(rows, *, encoding="utf-8", header=HEADER) -> io.BytesIO:
    return io.BytesIO(csv_text(rows, header).encode(encoding))


def register(*rows) -> io.BytesIO:
    """A small, valid file of these rows (dicts from `row`)."""
    return csv_file(rows)


def make_provider(trust, name=None, *, registered=True, urn="") -> Provider:
    return Provider.objects.create(
        trust=trust,
        name=name or f"Test Provider {next(_seq)}",
        registration_status=(
            Provider.Registration.REGISTERED if registered else Provider.Registration.UNREGISTERED
        ),
        urn=urn,
        address_line_1="1 Test Road",
        town="Testtown",
        postcode="ZZ1 1AA",
        manager_name="Morgan Manager",
    )
