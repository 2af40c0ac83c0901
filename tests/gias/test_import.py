"""R-5.2: importing the GIAS establishment file: both encodings, DD-MM-YYYY dates, and a malformed
file refused with its line and reason, changing nothing."""

import datetime as dt
import io

import pytest

from altprov.gias.models import Establishment, GiasImport, RegistrationCheck
from altprov.gias.services import GiasFileError, extract_date_from, gias_import
from tests.factories import make_trust

from .helpers import HEADER, SAMPLE, csv_file, csv_text, make_provider, register, row

pytestmark = pytest.mark.django_db


def test_R5_2_the_real_sample_file_imports():
    if not SAMPLE.exists():
        pytest.skip(f"The GIAS sample is not at {SAMPLE}")
    with SAMPLE.open("rb") as file:
        result = gias_import(file=file, file_name=SAMPLE.name, by=None)
    # The sample's README says 98 rows; the file has a header and 99 rows (the last one a Welsh
    # establishment, with no newline at the end).
    assert result.rows == 99 == Establishment.objects.count()
    assert result.encoding == GiasImport.Encoding.UTF8
    assert result.extract_date is None
    aldgate = Establishment.objects.get(urn=100000)
    assert aldgate.name == "The Aldgate School"
    assert aldgate.type_of_establishment == "Voluntary aided school"
    assert aldgate.type_group == "Local authority maintained schools"
    assert aldgate.status == "Open"
    assert aldgate.open_date is None
    assert aldgate.ofsted_last_inspection == dt.date(2013, 4, 19)
    assert aldgate.street == "St James's Passage" and aldgate.postcode == "EC3A 5DE"
    assert aldgate.la_name == "City of London" and aldgate.ukprn == "10079319"
    assert aldgate.website == "www.sirjohncassprimary.org"
    assert Establishment.objects.get(urn=100001).open_date == dt.date(1920, 1, 1)
    assert set(Establishment.objects.values_list("status", flat=True)) <= set(
        Establishment.Status.values
    )
    assert Establishment.objects.filter(status="Closed").exists()


def test_R5_2_a_50000_row_windows_1252_file_imports_and_its_names_read_back(tmp_path):
    path = tmp_path / "edubasealldata20261101.csv"
    names = {}
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(csv_text([]))
        for i in range(50_000):
            urn = 100_000 + i
            # Plain ASCII for the first 4,500 rows, so the UTF-8 attempt writes two batches before
            # it meets a Windows-1252 byte and the import starts again.
            name = f"School {i}" if i < 4_500 else f"École Saint-Honoré’s {i} – Café"
            names[urn] = name
            out.write(csv_text([row(urn, name, OpenDate="01-09-2001")]).split("\r\n", 1)[1])
    with path.open("rb") as file:
        result = gias_import(file=file, file_name=path.name, by=None)
    assert result.rows == 50_000 == Establishment.objects.count()
    assert result.encoding == GiasImport.Encoding.CP1252
    assert result.extract_date == dt.date(2026, 11, 1)
    for urn in (100_000, 104_499, 104_500, 125_000, 149_999):
        assert Establishment.objects.get(urn=urn).name == names[urn]
    assert Establishment.objects.get(urn=149_999).name == "École Saint-Honoré’s 49999 – Café"


def test_R5_2_a_utf8_file_with_a_byte_order_mark_imports():
    data = "\ufeff" + csv_text([row(100001, "Ysgol Gymraeg Aberdâr"), row(100002, "Zoë’s School")])
    result = gias_import(file=io.BytesIO(data.encode("utf-8")), file_name="gias.csv", by=None)
    assert result.encoding == GiasImport.Encoding.UTF8_BOM
    assert Establishment.objects.get(urn=100001).name == "Ysgol Gymraeg Aberdâr"
    assert Establishment.objects.get(urn=100002).name == "Zoë’s School"


def test_R5_2_dates_are_day_month_year_and_may_be_empty():
    gias_import(
        file=register(
            row(100001, OpenDate="01-09-2010", CloseDate="31-08-2021", OfstedLastInsp="")
        ),
        file_name="gias.csv",
        by=None,
    )
    e = Establishment.objects.get()
    assert (e.open_date, e.close_date, e.ofsted_last_inspection) == (
        dt.date(2010, 9, 1),
        dt.date(2021, 8, 31),
        None,
    )


def test_R5_2_an_import_replaces_the_whole_register():
    gias_import(file=register(row(100001), row(100002)), file_name="a.csv", by=None)
    gias_import(file=register(row(100002, "Renamed"), row(100003)), file_name="b.csv", by=None)
    assert list(Establishment.objects.values_list("urn", "name")) == [
        (100002, "Renamed"),
        (100003, "Riverside School"),
    ]
    assert GiasImport.objects.count() == 2


def test_R5_2_the_extract_date_comes_from_the_file_name():
    assert extract_date_from("edubasealldata20261101.csv") == dt.date(2026, 11, 1)
    assert extract_date_from("EduBaseAllData20250230.csv") is None  # no 30 February
    assert extract_date_from("download.csv") is None


def _with_row(bad: dict):
    return lambda: register(row(100001), row(100002), bad)


def _bytes(data: bytes):
    return lambda: io.BytesIO(data)


MALFORMED = {
    "empty file": (_bytes(b""), 1, "the file is empty"),
    "header only": (lambda: csv_file([]), 2, "the file has no establishments after the header"),
    "missing column": (
        lambda: csv_file([row(100005)], header=[c for c in HEADER if c != "OpenDate"]),
        1,
        'the header has no "OpenDate" column',
    ),
    "missing columns": (
        _bytes(b"Name,Address\r\nA,B\r\n"),
        1,
        'the header has no "URN", "EstablishmentName"',
    ),
    "too many fields": (
        _bytes((csv_text([row(100001)]) + "100002,x\r\n").encode()),
        3,
        f"the row has 2 fields but the header has {len(HEADER)}",
    ),
    "URN not a whole number": (
        _with_row(row("10A003")),
        4,
        "the URN 10A003 is not a whole number",
    ),
    "URN empty": (_with_row(row("")), 4, "the URN is empty"),
    "date not DD-MM-YYYY": (
        _with_row(row(100003, OpenDate="2021-02-01")),
        4,
        "the OpenDate 2021-02-01 is not a date in the form DD-MM-YYYY",
    ),
    "date not real": (
        _with_row(row(100003, CloseDate="31-02-2021")),
        4,
        "the CloseDate 31-02-2021 is not a real date",
    ),
    "duplicate URN": (_with_row(row(100001)), 4, "the URN 100001 is already on line 2"),
    "duplicate seven-digit URN": (
        lambda: register(row(1234567), row(100001), row(1234567)),
        4,
        "the URN 1234567 is already on line 2",
    ),
    "unknown status": (
        _with_row(row(100003, **{"EstablishmentStatus (name)": "Shut"})),
        4,
        "the EstablishmentStatus (name) Shut is not one of",
    ),
    "no name": (_with_row(row(100003, "")), 4, "the EstablishmentName is empty"),
    "name too long": (
        _with_row(row(100003, "x" * 256)),
        4,
        "the EstablishmentName is longer than 255 characters",
    ),
    "quote never closed": (
        _bytes((csv_text([row(100001)]) + '100002,"Unfinished\r\n').encode()),
        3,
        "the line cannot be read as CSV",
    ),
    "neither UTF-8 nor Windows-1252": (
        _bytes(csv_text([row(100001)]).encode() + b"100002,\x81\r\n"),
        3,
        "the file is not text in UTF-8 or Windows-1252",
    ),
    "UTF-8 with a byte order mark, then not UTF-8": (
        _bytes(b"\xef\xbb\xbf" + csv_text([row(100001), row(100002, "Caf\xe9")]).encode("cp1252")),
        3,
        "the file starts as UTF-8, but this line is not UTF-8",
    ),
    "binary": (_bytes(b"\x00\x01" * 10 + b"x" * (1024 * 1024 + 10)), 1, "longer than 1 MB"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_R5_2_a_malformed_file_is_refused_with_its_line_and_reason_and_changes_nothing(case):
    provider = make_provider(make_trust(), "Riverside", urn="100001")
    before = gias_import(file=register(row(100001), row(100009)), file_name="good.csv", by=None)
    register_before = list(Establishment.objects.values_list("pk", "urn", "name"))
    make_file, line, reason = MALFORMED[case]
    with pytest.raises(GiasFileError) as refused:
        gias_import(file=make_file(), file_name="bad.csv", by=None)
    assert refused.value.line == line
    assert reason in refused.value.reason
    assert str(refused.value).startswith(f"Line {line}: ")
    assert list(Establishment.objects.values_list("pk", "urn", "name")) == register_before
    assert list(GiasImport.objects.all()) == [before]
    assert RegistrationCheck.objects.filter(provider=provider).count() == 1


def test_R5_2_a_fault_after_several_batches_rolls_back_the_batches_already_written():
    rows = [row(200_000 + i, f"School {i}") for i in range(5_000)]
    rows[4_700]["OpenDate"] = "31-02-2021"
    gias_import(file=register(row(100001)), file_name="good.csv", by=None)
    with pytest.raises(GiasFileError) as refused:
        gias_import(file=register(*rows), file_name="bad.csv", by=None)
    assert refused.value.line == 4_702
    assert str(refused.value) == "Line 4,702: the OpenDate 31-02-2021 is not a real date"
    assert list(Establishment.objects.values_list("urn", flat=True)) == [100001]


def test_R5_2_a_duplicate_urn_far_from_its_first_line_names_both_lines():
    rows = [row(200_000 + i, f"School {i}") for i in range(2_500)]
    rows.append(row(200_010, "Again"))
    with pytest.raises(GiasFileError) as refused:
        gias_import(file=register(*rows), file_name="bad.csv", by=None)
    assert str(refused.value) == "Line 2,502: the URN 200010 is already on line 12"
    assert not Establishment.objects.exists()


def test_R5_2_blank_lines_and_ignored_columns_do_not_matter():
    text = csv_text([row(100001)]) + "\r\n" + csv_text([row(100002)]).split("\r\n", 1)[1]
    result = gias_import(file=io.BytesIO(text.encode()), file_name="x.csv", by=None)
    assert result.rows == 2
