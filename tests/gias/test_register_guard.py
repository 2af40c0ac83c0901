"""R-5.2: the GIAS register is national data shared by every trust. An import replaces it in one
transaction (a failure anywhere leaves the previous register intact) and refuses a file that
would remove most of it, unless the command forces it with a reason."""

import pytest
from django.db.models.query import QuerySet

from altprov.gias import services
from altprov.gias.models import Establishment, GiasImport, RegistrationCheck
from altprov.gias.services import RegisterWouldShrinkError, gias_import
from tests.factories import make_trust

from .helpers import make_provider, register, row

pytestmark = pytest.mark.django_db


def urns(first: int, count: int) -> list[dict]:
    return [row(first + i, f"School {first + i}") for i in range(count)]


def snapshot():
    return (
        list(Establishment.objects.values_list("pk", "urn", "name")),
        list(GiasImport.objects.values_list("pk", flat=True)),
        list(RegistrationCheck.objects.values_list("pk", flat=True)),
    )


@pytest.fixture
def big_register():
    """A register of 3,000 establishments (two write batches), with a provider checked against
    it."""
    make_provider(make_trust(), "School 100001", urn="100001")
    return gias_import(file=register(*urns(100_000, 3_000)), file_name="big.csv", by=None)


def test_R5_2_a_failure_while_writing_the_second_batch_leaves_the_previous_register(
    big_register, monkeypatch
):
    before = snapshot()
    real_bulk_create = QuerySet.bulk_create
    calls = []

    def fail_on_the_second_batch(self, objs, *args, **kwargs):
        if self.model is Establishment:
            calls.append(len(objs))
            if len(calls) == 2:
                raise RuntimeError("the database went away mid-import")
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", fail_on_the_second_batch)
    with pytest.raises(RuntimeError, match="mid-import"):
        gias_import(file=register(*urns(100_000, 3_000)), file_name="new.csv", by=None)
    assert calls == [services.BATCH_SIZE, 1_000]  # the first batch was written
    assert snapshot() == before


def test_R5_2_a_failure_while_checking_providers_leaves_the_previous_register(
    big_register, monkeypatch
):
    """The register is already replaced and the import recorded when the checks run: a failure
    there still undoes everything."""
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("checks failed")

    monkeypatch.setattr(services, "_check", fail)
    renamed = [row(100_000 + i, f"Renamed {i}") for i in range(3_000)]
    with pytest.raises(RuntimeError, match="checks failed"):
        gias_import(file=register(*renamed), file_name="new.csv", by=None)
    assert snapshot() == before


def test_R5_2_a_file_that_would_remove_more_than_half_the_register_is_refused(big_register):
    before = snapshot()
    with pytest.raises(RegisterWouldShrinkError) as refused:
        gias_import(file=register(*urns(100_000, 1_499)), file_name="part.csv", by=None)
    assert (refused.value.rows, refused.value.before, refused.value.removed) == (
        1_499,
        3_000,
        1_501,
    )
    assert str(refused.value).startswith(
        "The file has 1,499 establishments: importing it would remove 1,501 of the 3,000 "
        "establishments in the register, more than half, so nothing was imported."
    )
    assert snapshot() == before


def test_R5_2_removal_is_counted_by_urn_not_by_the_number_of_rows(big_register):
    """A file as long as the register but of other establishments would remove all of it."""
    before = snapshot()
    with pytest.raises(RegisterWouldShrinkError) as refused:
        gias_import(file=register(*urns(500_000, 3_000)), file_name="other.csv", by=None)
    assert refused.value.removed == 3_000
    assert snapshot() == before


def test_R5_2_a_file_removing_exactly_half_the_register_is_imported(big_register):
    result = gias_import(file=register(*urns(101_500, 1_500)), file_name="half.csv", by=None)
    assert (result.rows, result.removed, result.forced_reason) == (1_500, 1_500, "")
    assert Establishment.objects.count() == 1_500


def test_R5_2_the_first_import_into_an_empty_register_is_never_refused():
    result = gias_import(file=register(row(100_001)), file_name="first.csv", by=None)
    assert (result.rows, result.removed) == (1, 0)


def test_R5_2_a_forced_import_keeps_its_reason_and_what_it_removed(big_register):
    reason = "GIAS published a file of open establishments only on 1 December"
    result = gias_import(
        file=register(*urns(100_000, 10)), file_name="open.csv", by=None, force_reason=reason
    )
    assert (result.rows, result.removed, result.forced_reason) == (10, 2_990, reason)
    assert Establishment.objects.count() == 10
