"""One rendering of what changed (altprov/core/diffs.py, X-1 and X-5): each kind of value as the
pages say it, the diff of two versions, and the related records' names in one query per model."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.core import diffs
from altprov.core.diffs import NOT_RECORDED, REMOVED_RECORD, FieldChange, diff, value_text
from altprov.placements.models import Placement, PlacementSession
from altprov.providers.models import OfstedInspection
from altprov.pupils.models import Pupil
from altprov.referrals.models import Referral
from tests.factories import make_provider, make_user

field = {
    "looked_after": Pupil._meta.get_field("looked_after"),
    "date_of_birth": Pupil._meta.get_field("date_of_birth"),
    "year_group": Pupil._meta.get_field("year_group"),
    "send_status": Pupil._meta.get_field("send_status"),
    "first_name": Pupil._meta.get_field("first_name"),
    "reasons": Referral._meta.get_field("reasons"),
    "starts_at": PlacementSession._meta.get_field("starts_at"),
    "sit_agreed_at": Placement._meta.get_field("sit_agreed_at"),
    "provider": Placement._meta.get_field("provider"),
    "judgements": OfstedInspection._meta.get_field("judgements"),
    "created_by": Placement._meta.get_field("created_by"),
}


def text(name, value, related=None, display=None):
    return value_text(field[name], value, related=related or {}, display=display)


@pytest.mark.parametrize("empty", [None, "", [], {}])
def test_X1_an_empty_value_is_not_recorded(empty):
    assert text("first_name", empty) == NOT_RECORDED == "Not recorded"


def test_X1_yes_and_no():
    assert (text("looked_after", True), text("looked_after", False)) == ("Yes", "No")


def test_X1_dates_and_times_as_the_service_writes_them():
    assert text("date_of_birth", dt.date(2012, 3, 4)) == "4 March 2012"
    assert text("starts_at", dt.time(14, 5)) == "2:05pm"
    assert text("starts_at", dt.time(9, 30)) == "9:30am"
    # A moment is said in London's time: 13:45 UTC in summer is 2:45pm.
    moment = dt.datetime(2026, 7, 3, 13, 45, tzinfo=dt.UTC)
    assert text("sit_agreed_at", moment) == "3 July 2026 at 2:45pm"
    assert diffs.when_text(moment) == "3 July 2026 at 2:45pm"
    winter = dt.datetime(2026, 12, 3, 9, 5, tzinfo=dt.UTC)
    assert diffs.when_text(winter) == "3 December 2026 at 9:05am"


def test_X1_a_choice_by_its_label_and_an_unknown_one_as_stored():
    assert text("send_status", "ehcp") == "Education, health and care plan"
    assert text("send_status", "gone") == "gone"


def test_X1_values_kept_without_choices_by_the_models_labels():
    assert text("year_group", 10) == "Year 10"
    assert text("year_group", 0) == "Reception"
    assert text("year_group", 99) == "99"


def test_X1_a_list_by_its_labels_joined_and_a_dict_by_its_keys():
    assert text("reasons", ["exclusion_risk", "unknown"]) == (
        "Risk of exclusion, or one or more previous suspensions; unknown"
    )
    assert text("judgements", {"Quality": "Good", "Safety": "Outstanding"}) == (
        "Quality: Good; Safety: Outstanding"
    )


def test_X1_a_related_record_by_its_name_or_as_removed():
    related = {(field["provider"].related_model, 7): "Oakfield Centre"}
    assert text("provider", 7, related) == "Oakfield Centre"
    assert text("provider", 8, related) == REMOVED_RECORD == "A record since removed"


def test_X1_a_pages_own_wording_comes_first_but_not_for_an_empty_value():
    assert text("first_name", "x", display=lambda v: f"[{v}]") == "[x]"
    assert text("first_name", "", display=lambda v: f"[{v}]") == NOT_RECORDED


@pytest.mark.django_db
def test_X1_related_records_are_named_in_one_query_per_model_and_people_by_their_full_name(world):
    providers = [make_provider(world.trust_a, f"Provider {n}") for n in range(3)]
    person = make_user("named.person@example.org", full_name="Named Person")
    rows = [
        SimpleNamespace(provider_id=p.pk, created_by_id=person.pk if i == 0 else None)
        for i, p in enumerate(providers)
    ]
    fields = [field["provider"], field["created_by"], field["first_name"]]
    with CaptureQueriesContext(connection) as ctx:
        found = diffs.related_texts((fields, rows), (fields, [None]))
    assert len(ctx.captured_queries) == 2
    model = field["provider"].related_model
    assert {found[(model, p.pk)] for p in providers} == {"Provider 0", "Provider 1", "Provider 2"}
    assert found[(field["created_by"].related_model, person.pk)] == "Named Person"
    assert len(found) == 4


def row(**values):
    return SimpleNamespace(**{f.attname: None for f in field.values()} | values)


def test_X1_the_diff_lists_only_what_changed_with_before_and_after():
    fields = [field["first_name"], field["looked_after"], field["year_group"]]
    before = row(first_name="Alex", looked_after=False, year_group=9)
    after = row(first_name="Alex", looked_after=True, year_group=10)
    shown, hidden = diff(fields, before, after, related={})
    assert shown == [
        FieldChange("Looked after", "No", "Yes"),
        FieldChange("Year group", "Year 9", "Year 10"),
    ]
    assert hidden == []


def test_X1_the_first_version_lists_what_it_recorded_with_no_before():
    fields = [field["first_name"], field["reasons"], field["date_of_birth"]]
    first = row(first_name="Alex", reasons=[], date_of_birth=None)
    shown, _ = diff(fields, None, first, related={})
    assert shown == [FieldChange("First name", "", "Alex")]


def test_X1_a_change_to_empty_says_not_recorded():
    shown, _ = diff([field["first_name"]], row(first_name="Alex"), row(first_name=""), related={})
    assert shown == [FieldChange("First name", "Alex", NOT_RECORDED)]


def test_X1_hidden_fields_are_named_once_by_what_hides_them_and_never_rendered():
    fields = [field["first_name"], field["looked_after"], field["send_status"], field["year_group"]]
    before = row(first_name="A", looked_after=False, send_status="none", year_group=9)
    after = row(first_name="B", looked_after=True, send_status="ehcp", year_group=10)

    def hide(f):
        return "flag" if f.name in ("looked_after", "send_status") else None

    def never(value):
        raise AssertionError("a hidden value was rendered")

    shown, hidden = diff(
        fields, before, after, related={}, hide=hide, display={"looked_after": never}
    )
    assert [c.label for c in shown] == ["First name", "Year group"]
    assert hidden == ["flag"]


def test_X1_a_pages_own_wording_is_used_on_both_sides():
    shown, _ = diff(
        [field["first_name"]],
        row(first_name="a"),
        row(first_name="b"),
        related={},
        display={"first_name": str.upper},
    )
    assert shown == [FieldChange("First name", "A", "B")]


def test_X1_the_label_is_the_fields_name_with_a_capital():
    assert diffs.field_label(field["sit_agreed_at"]) == "Sit agreed at"
    assert diffs.field_label(field["send_status"]) == "SEND status"
