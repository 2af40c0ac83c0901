"""Issue 14, 1.7 and X-3: huge, negative and non-numeric values in the numeric and date columns of
a pupil file are reported with their line and column; nothing fails and nothing is saved."""

import pytest

from altprov.pupils.importer import parse_pupil_csv, pupils_import
from altprov.pupils.models import Pupil
from tests.pupils.test_import import TODAY, csv_bytes, row

pytestmark = pytest.mark.django_db
HUGE = str(10**30)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"year": HUGE}, f"NC year {HUGE} must be R or a number from 0 to 14"),
        ({"year": "-5"}, "NC year -5 must be R or a number from 0 to 14"),
        ({"year": "ten"}, "NC year ten must be R or a number from 0 to 14"),
        ({"year": "9" * 5000}, "must be R or a number from 0 to 14"),
        ({"born": f"01/01/{HUGE}"}, "must be in the form DD/MM/YYYY"),
        ({"born": f"{HUGE}/01/2012"}, "must be in the form DD/MM/YYYY"),
        ({"born": "-1/01/2012"}, "must be in the form DD/MM/YYYY"),
        ({"born": "01/13/2012"}, "is not a real date"),
        ({"born": "00/00/0000"}, "is not a real date"),
        ({"born": "ten"}, "must be in the form DD/MM/YYYY"),
    ],
)
def test_X3_out_of_range_numbers_and_dates_are_reported_with_the_line_and_column(
    world, cells, reason
):
    data = csv_bytes(row(1), row(2, **cells))
    parsed = parse_pupil_csv(data, today=TODAY)
    assert not parsed.ok
    [error] = parsed.errors
    assert error.line == 3
    column = "NC year" if "year" in cells else "Date of birth"
    assert any(r.startswith(column) and reason in r for r in error.reasons), error.reasons
    before = Pupil.objects.count()
    parsed, result = pupils_import(school=world.school_a1, data=data, by=None, today=TODAY)
    assert result is None and parsed.errors == [error]
    assert Pupil.objects.count() == before
