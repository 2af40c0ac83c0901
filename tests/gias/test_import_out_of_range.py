"""Issue 14, 1.7: a huge, negative or non-numeric URN, and an out-of-range date, in a GIAS file is
refused with its line and column, never a server error; the register is unchanged."""

import pytest

from altprov.gias.models import Establishment
from altprov.gias.services import GiasFileError, gias_import
from tests.gias.helpers import register, row

pytestmark = pytest.mark.django_db
HUGE = str(10**30)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (row(HUGE), "the URN 100000000000… is too large to be a URN"),
        (row("2147483648"), "the URN 2147483648 is too large to be a URN"),
        (row("9" * 5000), "is too large to be a URN"),
        (row("-5"), "the URN -5 is not a whole number"),
        (row("ten"), "the URN ten is not a whole number"),
        (row(100003, OpenDate=f"01-01-{HUGE}"), "is not a date in the form DD-MM-YYYY"),
        (row(100003, CloseDate="-1-01-2020"), "is not a date in the form DD-MM-YYYY"),
        (row(100003, OfstedLastInsp="00-00-0000"), "the OfstedLastInsp 00-00-0000 is not a real"),
    ],
)
def test_out_of_range_values_are_refused_with_the_line(bad, reason):
    with pytest.raises(GiasFileError) as refused:
        gias_import(file=register(row(100001), row(100002), bad), file_name="x.csv", by=None)
    assert refused.value.line == 4
    assert reason in refused.value.reason
    assert not Establishment.objects.exists()


def test_the_largest_urn_the_database_stores_is_accepted():
    gias_import(file=register(row(100001), row("2147483647")), file_name="x.csv", by=None)
    assert Establishment.objects.filter(urn=2147483647).exists()
