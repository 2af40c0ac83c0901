"""X-1 (issue 11, item 1): the redaction step of a subject access export, as a unit: which names,
safeguarding entries and documents are listed, and what the export holds once some are chosen.

The record is built by hand (no database): each test says exactly what is on it, so a change to
how names are found or how a chosen item is redacted fails here, whatever the pages show."""

import datetime as dt
import hashlib
import re
from types import SimpleNamespace

import pytest

from altprov.pupils.models import Pupil
from altprov.sar.records import DOCUMENTS, KINDS, Change, PupilRecord, Row
from altprov.sar.redaction import (
    ENTRIES,
    NAMES,
    PUPIL_SAFEGUARDING,
    REDACTED,
    REDACTED_ENTRY,
    SHORTEST_COPIED_TEXT,
    Redaction,
    default_choice,
    items_of,
)

KIND = {k.key: k for k in KINDS} | {DOCUMENTS.key: DOCUMENTS}
AT = dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
NO_SAFEGUARDING = dict.fromkeys(Pupil.SAFEGUARDING_FIELDS, "")


class Person:
    """A user as the record holds them: a name, and a provider for a provider's staff."""

    def __init__(self, name, provider=None):
        self.name = name
        self.provider = provider
        self.provider_id = 7 if provider else None

    def __str__(self):
        return self.name


def row(kind, pk, obj=None, **values):
    return Row(KIND[kind], pk, values, obj)


def change(kind, pk, what="Changed", by="", before=None, **values):
    return Change(KIND[kind], pk, AT, by, what, values, before)


def record(*rows, history=(), users=(), documents=(), pupil=None, **pupil_values):
    """A record holding `rows` (the pupil's own row made from `pupil_values`)."""
    made = PupilRecord(pupil or Pupil())
    made.rows = {key: [] for key in KIND}
    made.rows["pupil"] = [row("pupil", 1, **(NO_SAFEGUARDING | pupil_values))]
    for r in rows:
        made.rows[r.kind.key].append(r)
    made.history = list(history)
    made.users = {n: user for n, user in enumerate(users, start=1)}
    made.documents = list(documents)
    return made


def names(made):
    return [(i.label, i.hint) for i in items_of(made) if i.group == NAMES]


def key_of(made, label):
    return next(i.key for i in items_of(made) if i.label == label)


def entry(pk, summary, detail="", impact="", safeguarding=True, on=dt.date(2026, 3, 5)):
    obj = SimpleNamespace(safeguarding=safeguarding, occurred_on=on)
    return row("chronology", pk, obj, summary=summary, detail=detail, impact=impact)


# Which names are listed, and where they were found


def test_X1_each_carer_is_listed_by_relationship_those_removed_found_in_the_history():
    made = record(
        row("carers", 1, name="Carla Mum", relationship="Mother"),
        history=[change("carers", 2, "Deleted", name="Gerry Gone", relationship="Uncle")],
    )
    assert names(made) == [
        ("Carla Mum", "Parent or carer (mother)"),
        ("Gerry Gone", "Parent or carer (uncle)"),
    ]


def test_X1_staff_and_a_providers_staff_are_named_as_such():
    made = record(users=[Person("Pat Teacher"), Person("Sam Tutor", SimpleNamespace(name="Acorn"))])
    assert names(made) == [
        ("Pat Teacher", "Member of staff"),
        ("Sam Tutor", "Provider staff (Acorn)"),
    ]


def test_X1_every_who_field_of_every_kind_is_read_in_rows_and_in_the_history():
    """Each kind's name fields, one kind at a time: a kind without any (the carers' second row,
    the chronology) does not stop the kinds after it being read."""
    for kind in (k for k in KINDS if k.name_fields):
        for field_name in kind.name_fields:
            in_row = record(row(kind.key, 1, **{field_name: "Rowan Named"}))
            in_history = record(history=[change(kind.key, 1, **{field_name: "Hattie Earlier"})])
            where = f"Named in: {kind.title.lower()}"
            assert names(in_row) == [("Rowan Named", where)], (kind.key, field_name)
            assert names(in_history) == [("Hattie Earlier", where)], (kind.key, field_name)


def test_X1_a_who_field_of_several_lines_is_a_name_a_line_only_where_the_kind_says_so():
    assert (KIND["visits"].lines, KIND["agreement_reviews"].lines) == (False, True)
    made = record(
        row("agreement_reviews", 1, attended="Ann Smith\nBob Jones\n"),
        row("visits", 1, visited_by="Cat Lee\nDee Moss"),
    )
    assert names(made) == [
        ("Ann Smith", "Named in: agreement reviews"),
        ("Bob Jones", "Named in: agreement reviews"),
        ("Cat Lee Dee Moss", "Named in: visits"),
    ]


def test_X1_a_name_is_listed_once_with_every_place_it_was_found_in_the_order_found():
    made = record(
        row("carers", 1, name="Ann Smith", relationship="Mother"),
        row("agreement_reviews", 1, attended="ann  SMITH"),
        row("agreement_reviews", 2, attended="Ann Smith"),
        row("visits", 1, visited_by="Ann\tSmith"),
        users=[Person("Ann Smith")],
    )
    assert names(made) == [
        (
            "Ann Smith",  # as first seen
            "Parent or carer (mother); Member of staff; Named in: agreement reviews; "
            "Named in: visits",
        )
    ]


def test_X1_a_name_of_one_character_or_none_is_not_listed_two_characters_is():
    made = record(
        row("visits", 1, visited_by=" J "),
        row("visits", 2, visited_by=""),
        row("visits", 3, visited_by="JB"),
        row("incidents", 1),  # a record without the field at all
    )
    assert names(made) == [("JB", "Named in: visits")]


def test_X1_names_come_first_sorted_whatever_their_case_and_none_is_redacted_by_default():
    made = record(
        entry(1, "Disclosed at school"),
        row("visits", 1, visited_by="zoe Last"),
        row("visits", 2, visited_by="Adam First"),
        row("visits", 3, visited_by="Mia  Middle"),
    )
    items = items_of(made)
    assert [i.label for i in items] == [
        "Adam First",
        "Mia Middle",
        "zoe Last",
        "5 March 2026: Disclosed at school",
    ]
    assert [i.redact_by_default for i in items] == [False, False, False, True]
    assert default_choice(items) == [items[3].key]


def test_X1_a_names_key_is_the_same_on_every_request_whatever_its_spacing_or_case():
    keys = {
        key_of(record(row("visits", 1, visited_by=spelt)), " ".join(spelt.split()))
        for spelt in ("Ann Smith", "ann  SMITH", " ANN\nsmith ")
    }
    expected = "name-" + hashlib.sha256(b"ann smith").hexdigest()[:16]
    assert keys == {expected}
    other = key_of(record(row("visits", 1, visited_by="Ann Smyth")), "Ann Smyth")
    assert re.fullmatch(r"name-[0-9a-f]{16}", other) and other != expected


# Which safeguarding entries and documents are listed


def test_X1_only_chronology_entries_marked_safeguarding_are_listed_and_redacted_by_default():
    made = record(entry(4, "Disclosure at home"), entry(5, "Met the family", safeguarding=False))
    listed = [i for i in items_of(made) if i.group == ENTRIES]
    assert [(i.key, i.label, i.hint, i.redact_by_default) for i in listed] == [
        (
            "chronology-4",
            "5 March 2026: Disclosure at home",
            "Chronology entry marked as containing safeguarding information",
            True,
        )
    ]


@pytest.mark.parametrize("field_name", Pupil.SAFEGUARDING_FIELDS)
def test_X1_any_one_safeguarding_detail_of_the_pupil_lists_them_as_an_entry(field_name):
    value = True if field_name == "looked_after" else "Sandra Social"
    listed = [i.key for i in items_of(record(pupil=Pupil(**{field_name: value})))]
    assert listed == [PUPIL_SAFEGUARDING]
    assert items_of(record(pupil=Pupil())) == []


def test_X1_an_early_ending_and_a_document_are_listed_with_what_they_are():
    made = record(
        row("early_endings", 3, ended_on="16 November 2026", reason="Concerns"),
        row("documents", 9, original_name="final.pdf", uploaded_at="2026-11-16 10:05:00"),
    )
    assert [(i.key, i.group, i.label, i.hint, i.redact_by_default) for i in items_of(made)] == [
        (
            "early-ending-3",
            ENTRIES,
            "Placement ended early for safeguarding on 16 November 2026",
            "The safeguarding concerns recorded with the ending",
            True,
        ),
        ("document-9", "documents", "final.pdf", "Uploaded on 2026-11-16", False),
    ]


# What the export holds once items are chosen


def test_X1_a_chosen_name_is_redacted_as_a_whole_word_in_any_case_and_spacing():
    made = record(
        row("visits", 1, visited_by="Ann"),
        row(
            "chronology",
            1,
            SimpleNamespace(safeguarding=False),
            summary="ann met Joanne, Annabel and ANN at Ann's; xAnn Ann_1 Ann-Marie",
            detail="",
            impact="",
        ),
    )
    redaction = Redaction(made, {key_of(made, "Ann")})
    assert redaction.rows("chronology")[0].values["summary"] == (
        f"{REDACTED} met Joanne, Annabel and {REDACTED} at {REDACTED}'s; xAnn Ann_1 {REDACTED}-Marie"
    )
    assert redaction.rows("visits")[0].values == {"visited_by": REDACTED}


def test_X1_the_longest_chosen_name_is_redacted_first_and_a_name_is_matched_literally():
    made = record(
        row("visits", 1, visited_by="Ann"),
        row("visits", 2, visited_by="ANN SMITH"),  # longer, but before "Ann" in code order
        row("visits", 3, visited_by="J.B"),
        row("incidents", 1, reported_by="ann \n SMITH, Ann Smith, then Ann, then J.B not JxB"),
    )
    chosen = {key_of(made, n) for n in ("Ann", "ANN SMITH", "J.B")}
    reported = Redaction(made, chosen).rows("incidents")[0].values["reported_by"]
    assert reported == f"{REDACTED}, {REDACTED}, then {REDACTED}, then {REDACTED} not JxB"


def test_X1_only_the_chosen_names_are_redacted_and_nothing_when_none_is_chosen():
    made = record(
        row("visits", 1, visited_by="Ann Smith"),
        row("incidents", 1, reported_by="Bob Jones"),
        entry(2, "Bob Jones told Ann Smith"),
    )
    nothing = Redaction(made, set())
    assert nothing.rows("chronology")[0].values["summary"] == "Bob Jones told Ann Smith"
    assert nothing.chosen == [] and nothing.names_pattern is None
    # Choosing the entry as well as a name: the entry's words are not taken for names.
    some = Redaction(made, {key_of(made, "Bob Jones"), "chronology-2"})
    assert [r.values for r in some.rows("visits")] == [{"visited_by": "Ann Smith"}]
    assert [r.values for r in some.rows("incidents")] == [{"reported_by": REDACTED}]
    assert some.text("Ann Smith and Bob Jones") == f"Ann Smith and {REDACTED}"
    assert some.text("") == "" and some.text(None) is None


def test_X1_a_chosen_chronology_entry_is_left_out_with_its_history_and_its_words_elsewhere():
    made = record(
        entry(
            4,
            "Disclosure zqx about home",
            detail="Told the DSL zqxdetail",
            impact="Moved to an aunt",
        ),
        entry(5, "Second entry kept", detail="Kept detail text"),
        row("incidents", 1, reported_by="", summary="See: Disclosure zqx about home"),
        row("incidents", 2, reported_by="", summary="Told the DSL zqxdetail; Moved to an aunt"),
        history=[
            change("chronology", 4, "Created", summary="Disclosure zqx about home"),
            change("chronology", 5, "Created", summary="Second entry kept"),
        ],
    )
    redaction = Redaction(made, {"chronology-4"})
    assert [r.pk for r in redaction.rows("chronology")] == [5]
    assert redaction.rows("chronology")[0].values["detail"] == "Kept detail text"
    assert [c.pk for c in redaction.history()] == [5]
    assert [r.values["summary"] for r in redaction.rows("incidents")] == [
        f"See: {REDACTED_ENTRY}",
        f"{REDACTED_ENTRY}; {REDACTED_ENTRY}",
    ]


def test_X1_copies_of_a_chosen_entry_are_looked_for_only_when_long_enough():
    assert SHORTEST_COPIED_TEXT == 8
    made = record(
        entry(1, "Abc defg", impact="Abc def"),  # 8 characters, 7 characters
        row("incidents", 1, reported_by="", summary="Abc defg / Abc def"),
    )
    redacted = Redaction(made, {"chronology-1"}).rows("incidents")[0].values["summary"]
    assert redacted == f"{REDACTED_ENTRY} / Abc def"


def test_X1_a_chosen_entrys_copy_goes_whole_before_any_name_in_it_is_redacted():
    made = record(
        row("visits", 1, visited_by="Ann Smith"),
        entry(1, "Ann Smith saw a bruise"),
        row("incidents", 1, reported_by="Ann Smith", summary="From: Ann Smith saw a bruise"),
    )
    redaction = Redaction(made, {"chronology-1", key_of(made, "Ann Smith")})
    assert redaction.rows("incidents")[0].values == {
        "reported_by": REDACTED,
        "summary": f"From: {REDACTED_ENTRY}",
    }


def test_X1_only_the_chosen_one_of_several_entries_is_left_out():
    made = record(entry(1, "First entry text"), entry(2, "Second entry text"))
    kept = Redaction(made, {"chronology-2"}).rows("chronology")
    assert [(r.pk, r.values["summary"]) for r in kept] == [(1, "First entry text")]


def test_X1_a_chosen_early_ending_is_left_out_and_its_reason_redacted_where_copied():
    made = record(
        row("early_endings", 3, ended_on="16 November 2026", reason="Concerns about an adult"),
        row("early_endings", 4, ended_on="17 November 2026", reason="Another ending"),
        entry(1, "Ended early: Concerns about an adult", safeguarding=False),
        history=[change("early_endings", 3, "Created", reason="Concerns about an adult")],
    )
    redaction = Redaction(made, {"early-ending-3"})
    assert [r.pk for r in redaction.rows("early_endings")] == [4]
    assert redaction.history() == []
    assert redaction.rows("chronology")[0].values["summary"] == f"Ended early: {REDACTED_ENTRY}"


def test_X1_a_chosen_document_is_left_out_of_the_files_and_their_list():
    files = [SimpleNamespace(pk=8), SimpleNamespace(pk=9)]
    made = record(
        row("documents", 8, original_name="plan.pdf", uploaded_at="2026-11-01"),
        row("documents", 9, original_name="final.pdf", uploaded_at="2026-11-16"),
        documents=files,
    )
    redaction = Redaction(made, {"document-9"})
    assert redaction.documents() == [files[0]]
    assert [r.pk for r in redaction.rows("documents")] == [8]
    assert Redaction(made, set()).documents() == files


def test_X1_the_pupils_chosen_safeguarding_details_are_redacted_in_the_row_and_elsewhere():
    details = {"looked_after": "Yes", "social_worker_name": "Sandra Social"}
    made = record(
        row("carers", 1, name="Carla Mum", relationship="Mother", notes="Yes, Sandra Social"),
        pupil=Pupil(looked_after=True),
        first_name="Kai",
        **details,
    )
    redaction = Redaction(made, {PUPIL_SAFEGUARDING})
    pupil_row = redaction.rows("pupil")[0].values
    assert pupil_row["first_name"] == "Kai"
    assert {pupil_row[f] for f in Pupil.SAFEGUARDING_FIELDS} == {REDACTED_ENTRY}
    # Another kind's row gains no columns; the copied name goes, "Yes" is too short to look for.
    assert redaction.rows("carers")[0].values == {
        "name": "Carla Mum",
        "relationship": "Mother",
        "notes": f"Yes, {REDACTED_ENTRY}",
    }
    # Chosen with a chronology entry, the copies of both go.
    made.rows["chronology"].append(entry(1, "Disclosure at home"))
    made.rows["carers"][0].values["notes"] = "Disclosure at home; Sandra Social"
    both = Redaction(made, {PUPIL_SAFEGUARDING, "chronology-1"}).rows("carers")[0]
    assert both.values["notes"] == f"{REDACTED_ENTRY}; {REDACTED_ENTRY}"
    kept = Redaction(made, set()).rows("pupil")[0].values
    assert kept["social_worker_name"] == "Sandra Social" and kept["looked_after"] == "Yes"


def test_X1_the_history_of_changes_is_redacted_as_the_rows_are():
    made = record(
        row("visits", 1, visited_by="Ann Smith"),
        history=[
            change("pupil", 1, "Created", by="Pat Teacher", social_worker_name="Sandra Social"),
            change(
                "pupil",
                1,
                by="Ann Smith",
                before={"social_worker_name": "Sandra Social", "upn": "A1"},
                social_worker_name="Sam Other",
                upn="A1",
            ),
        ],
        users=[Person("Pat Teacher")],
        pupil=Pupil(social_worker_name="Sam Other"),
        social_worker_name="Sam Other",
    )
    chosen = {key_of(made, "Ann Smith"), PUPIL_SAFEGUARDING}
    first, second = Redaction(made, chosen).history()
    assert (first.kind, first.pk, first.at, first.change, first.by) == (
        KIND["pupil"],
        1,
        AT,
        "Created",
        "Pat Teacher",
    )
    assert first.before is None
    assert first.values["social_worker_name"] == REDACTED_ENTRY
    assert (second.change, second.by) == ("Changed", REDACTED)
    assert second.before["social_worker_name"] == REDACTED_ENTRY
    assert second.before["upn"] == "A1" and second.values["upn"] == "A1"
    unchosen = Redaction(made, set()).history()
    assert [(c.by, c.values, c.before) for c in unchosen] == [
        (c.by, c.values, c.before) for c in made.history
    ]


def test_X1_the_rows_keep_their_kind_id_and_record_with_their_values_redacted():
    obj = SimpleNamespace(safeguarding=False)
    made = record(row("visits", 6, obj, visited_by="Ann Smith", notes="Ann Smith came"))
    (redacted,) = Redaction(made, {key_of(made, "Ann Smith")}).rows("visits")
    assert (redacted.kind, redacted.pk, redacted.obj) == (KIND["visits"], 6, obj)
    assert redacted.values == {"visited_by": REDACTED, "notes": f"{REDACTED} came"}
    assert made.rows["visits"][0].values["visited_by"] == "Ann Smith"  # the record is unchanged


def test_X1_the_counts_say_how_many_of_each_group_were_listed_and_redacted():
    made = record(
        row("visits", 1, visited_by="Ann Smith"),
        row("visits", 2, visited_by="Bob Jones"),
        entry(1, "Disclosure at home"),
        row("documents", 9, original_name="final.pdf", uploaded_at="2026-11-16"),
        pupil=Pupil(looked_after=True),
    )
    redaction = Redaction(made, {key_of(made, "Bob Jones"), "chronology-1"})
    assert [redaction.count(g) for g in (NAMES, ENTRIES, "documents")] == [(2, 1), (2, 1), (1, 0)]
    assert [i.key for i in redaction.chosen] == [key_of(made, "Bob Jones"), "chronology-1"]
