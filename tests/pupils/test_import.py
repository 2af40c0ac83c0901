"""R-6.1 and X-3: importing pupils from the school's MIS as CSV. Every refused row is reported with
its line and each reason, and a file with any refused row saves nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from altprov.authz.permissions import Role
from altprov.pupils.importer import parse_pupil_csv, pupils_import
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.upn import make_upn
from tests.conftest import signed_in_client
from tests.factories import born_aged, make_carer

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
HEADER = (
    "UPN,Legal surname,Legal forename,Date of birth,NC year,SEN status,Looked after,"
    "Contact 1 name,Contact 1 relationship,Contact 1 phone,Contact 1 email,"
    "Contact 1 parental responsibility"
)


def upn(serial: int) -> str:
    return make_upn(801, 4000, 2014, serial % 1000)


def dmy(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def row(serial: int, surname: str = "Ahmed", forename: str = "Sara", **cells) -> str:
    values = {
        "upn": upn(serial),
        "surname": surname,
        "forename": forename,
        "born": dmy(born_aged(12)),
        "year": "7",
        "sen": "N",
        "looked_after": "N",
        "contact": "Rania Ahmed",
        "relationship": "Mother",
        "phone": "07700 900100",
        "email": "rania@example.org",
        "responsibility": "Y",
    }
    values.update(cells)
    return ",".join(values.values())


NO_CONTACT = {"contact": "", "relationship": "", "phone": "", "email": "", "responsibility": ""}


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def upload(data: bytes, name: str = "pupils.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def head(world):
    return signed_in_client(world.users[Role.HEADTEACHER])


def post(client, data: bytes, name: str = "pupils.csv"):
    return client.post("/pupils/import/", {"file": upload(data, name)}, follow=True)


# Parsing (a pure function) ----------------------------------------------------------------------


def test_R6_1_a_file_is_parsed_into_rows_with_dates_in_either_form():
    data = csv_bytes(
        row(1, born="27/03/2013", year="R", sen="K", looked_after="Y"),
        row(2, born="2013-03-27", year="Year 14", sen="e", looked_after="", responsibility=""),
        row(3, sen="", **NO_CONTACT),
    )
    parsed = parse_pupil_csv(data, today=TODAY)
    assert parsed.ok and parsed.encoding == "UTF-8"
    first, second, third = parsed.rows
    assert (first.line, first.upn, first.last_name, first.first_name) == (
        2,
        upn(1),
        "Ahmed",
        "Sara",
    )
    assert first.date_of_birth == second.date_of_birth == dt.date(2013, 3, 27)
    assert (first.year_group, second.year_group) == (0, 14)
    assert (first.send_status, second.send_status, third.send_status) == (
        "sen_support",
        "ehcp",
        None,
    )
    assert (first.looked_after, second.looked_after) == (True, None)
    assert first.contact.name == "Rania Ahmed" and first.contact.parental_responsibility is True
    assert second.contact.parental_responsibility is None
    assert third.contact is None


def test_R6_1_headers_match_whatever_their_case_and_order_and_extra_columns_are_ignored():
    header = "Admission number, legal FORENAME ,upn,NC Year,Legal Surname,DATE OF BIRTH,Form"
    data = csv_bytes(f"00123,Sara,{upn(1)},8,Ahmed,01/09/2013,8B", header=header)
    parsed = parse_pupil_csv(data, today=TODAY)
    assert parsed.ok
    (pupil,) = parsed.rows
    assert (pupil.first_name, pupil.last_name, pupil.year_group) == ("Sara", "Ahmed", 8)
    assert pupil.send_status is None and pupil.looked_after is None and pupil.contact is None
    assert parsed.columns == {"UPN", "Legal surname", "Legal forename", "Date of birth", "NC year"}


def test_R6_1_a_bom_and_windows_1252_are_read():
    data = csv_bytes(row(1, surname="Brontë", forename="Zoë"))
    parsed = parse_pupil_csv(b"\xef\xbb\xbf" + data, today=TODAY)
    assert parsed.encoding == "UTF-8 with BOM" and parsed.rows[0].first_name == "Zoë"
    parsed = parse_pupil_csv(csv_bytes(row(1, surname="Brontë"), encoding="cp1252"), today=TODAY)
    assert parsed.encoding == "Windows-1252" and parsed.rows[0].last_name == "Brontë"


def test_R6_1_X3_every_refused_row_is_reported_with_its_line_upn_and_each_reason():
    good = upn(5)
    wrong_check = ("B" if good[0] != "B" else "C") + good[1:]
    data = csv_bytes(
        row(1),  # line 2: fine
        row(2, born="31/02/2012"),  # line 3
        row(3, surname="", year="15"),  # line 4: two reasons
        "",  # line 5: blank lines are skipped but counted
        row(4, upn=wrong_check),  # line 6
        row(6, born="2012/03/04", sen="S", looked_after="maybe"),  # line 7
        row(7, upn=""),  # line 8
        row(8, born=dmy(TODAY + dt.timedelta(days=3))),  # line 9
        row(9, born="01/01/2000"),  # line 10: too old
        row(10, contact="", email="nobody@", phone="123", responsibility="X"),  # line 11
        row(1, surname="Again"),  # line 12: the UPN of line 2
    )
    parsed = parse_pupil_csv(data, today=TODAY)
    assert not parsed.ok and parsed.problem is None
    assert [(e.line, e.upn) for e in parsed.errors] == [
        (2, upn(1)),
        (3, upn(2)),
        (4, upn(3)),
        (6, wrong_check),
        (7, upn(6)),
        (8, ""),
        (9, upn(8)),
        (10, upn(9)),
        (11, upn(10)),
        (12, upn(1)),
    ]
    reasons = {e.line: e.reasons for e in parsed.errors}
    assert reasons[2] == ("the UPN is also on line 12",)
    assert reasons[3] == ("Date of birth 31/02/2012 is not a real date",)
    assert reasons[4] == (
        "Legal surname is missing",
        "NC year 15 must be R or a number from 0 to 14",
    )
    assert reasons[6] == (
        "the UPN's check letter does not match: check it has been copied correctly",
    )
    assert reasons[7] == (
        "Date of birth 2012/03/04 must be in the form DD/MM/YYYY, like 27/03/2012",
        "SEN status S must be N, K (SEN support) or E (education, health and care plan)",
        "Looked after maybe must be Y or N",
    )
    assert reasons[8] == ("UPN is missing",)
    assert reasons[9] == (f"Date of birth {dmy(TODAY + dt.timedelta(days=3))} is in the future",)
    assert reasons[10] == ("Date of birth 01/01/2000 gives an age of 26: a pupil must be 2 to 19",)
    assert reasons[11] == (
        "Contact 1 name is missing",
        "Contact 1 phone 123 is not a phone number: it needs 10 to 15 digits",
        "Contact 1 email nobody@ is not an email address",
        "Contact 1 parental responsibility X must be Y or N",
    )
    assert reasons[12] == ("the UPN is also on line 2",)
    assert str(parsed.errors[3]) == (
        f"Line 6 ({wrong_check}): the UPN's check letter does not match: check it has been "
        "copied correctly"
    )
    assert str(parsed.errors[5]) == "Line 8: UPN is missing"
    assert parsed.rows == []


def test_R6_1_line_numbers_count_lines_of_the_file_even_inside_quoted_cells():
    data = csv_bytes(f'{row(1)},"a note\nover two lines"', row(2, born="30/02/2013"))
    parsed = parse_pupil_csv(data, today=TODAY)
    assert [(e.line, e.reasons) for e in parsed.errors] == [
        (4, ("Date of birth 30/02/2013 is not a real date",))
    ]


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "The selected file is a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "The selected file is a spreadsheet"),
        (b"UPN,\x00\x00binary", "The selected file must be a CSV file: it is not text"),
        (b"", "The selected file is empty"),
        (HEADER.encode() + b"\r\n", "The file has no pupils in it"),
        (
            b"UPN,Surname,Forename,DOB,NC year\r\n",
            "The file must have the columns Legal surname, Legal forename and Date of birth",
        ),
        (
            b"UPN,Legal surname,Legal forename,NC year\r\n",
            "The file must have a column called Date of birth",
        ),
        (
            b"UPN;Legal surname;Legal forename;Date of birth;NC year\r\n",
            "its columns must be separated by commas",
        ),
        (
            f"{upn(1)},Ahmed,Sara,01/09/2013,8\r\n".encode(),
            "the first row must name the columns",
        ),
    ],
)
def test_R6_1_X3_a_file_that_is_not_a_pupil_csv_is_refused_whole(data, problem):
    parsed = parse_pupil_csv(data, today=TODAY)
    assert problem in parsed.problem
    assert not parsed.ok and parsed.rows == [] and parsed.errors == []


# Importing through the page ---------------------------------------------------------------------


def test_R6_1_X1_a_file_adds_pupils_and_their_first_contacts_with_history(world, head):
    data = csv_bytes(row(1), row(2, surname="Okafor", forename="Femi", sen="E", looked_after="Y"))
    response = post(head, data)
    content = response.content.decode()
    assert "pupils.csv has been imported: 2 added, 0 updated, 0 unchanged." in content
    femi = Pupil.objects.get(school=world.school_a1, upn=upn(2))
    assert (femi.first_name, femi.last_name, femi.year_group) == ("Femi", "Okafor", 7)
    assert femi.send_status == "ehcp" and femi.looked_after
    carer = femi.carers.get()
    assert (carer.name, carer.relationship, carer.phone, carer.email) == (
        "Rania Ahmed",
        "Mother",
        "07700 900100",
        "rania@example.org",
    )
    assert carer.parental_responsibility and carer.priority == 1
    user = world.users[Role.HEADTEACHER]
    assert femi.history.get().history_user == user and femi.history.get().history_type == "+"
    assert carer.history.get().history_user == user


def test_R6_1_importing_the_same_file_again_changes_nothing(world, head):
    data = csv_bytes(row(1), row(2), row(3, **NO_CONTACT))
    post(head, data)
    history = (Pupil.history.count(), Carer.history.count())
    response = post(head, data)
    assert "0 added, 0 updated, 3 unchanged" in response.content.decode()
    assert (Pupil.history.count(), Carer.history.count()) == history
    assert Pupil.objects.filter(school=world.school_a1).count() == 4
    assert Carer.objects.count() == 2


def test_R6_1_X1_updating_an_existing_pupil_writes_one_history_row(world, head):
    pupil = world.pupil_a1
    data = csv_bytes(
        row(
            0,
            upn=pupil.upn,
            surname="Ordinary-Smith",
            forename="Alex",
            born=dmy(pupil.date_of_birth),
            year="9",
            sen="K",
            **NO_CONTACT,
        ),
        row(1),
    )
    response = post(head, data)
    assert "1 added, 1 updated, 0 unchanged" in response.content.decode()
    pupil.refresh_from_db()
    assert pupil.last_name == "Ordinary-Smith" and pupil.send_status == "sen_support"
    assert pupil.history.count() == 2
    latest = pupil.history.first()
    assert latest.history_type == "~" and latest.history_user == world.users[Role.HEADTEACHER]
    assert latest.prev_record.last_name == "Ordinary"


def test_R6_1_a_known_contact_is_updated_and_blank_cells_clear_nothing(world, head):
    pupil = world.pupil_a1
    carer = make_carer(pupil, name="Rania Ahmed", phone="07700 900999", email="old@example.org")
    other = make_carer(pupil, name="Someone Else", priority=2)
    common = {
        "upn": pupil.upn,
        "surname": pupil.last_name,
        "forename": pupil.first_name,
        "born": dmy(pupil.date_of_birth),
        "year": str(pupil.year_group),
        "sen": "",
        "looked_after": "",
    }
    response = post(head, csv_bytes(row(0, contact="rania  AHMED", phone="", **common)))
    assert "0 added, 1 updated, 0 unchanged" in response.content.decode()
    carer.refresh_from_db()
    assert carer.phone == "07700 900999"  # blank in the file: kept
    assert carer.email == "rania@example.org"
    assert pupil.history.count() == 1  # the pupil itself did not change
    assert carer.history.count() == 2  # added, then changed by the import
    response = post(head, csv_bytes(row(0, contact="New Carer", **common)))
    new = pupil.carers.get(name="New Carer")
    assert new.priority == 3  # after the contacts already recorded
    other.refresh_from_db()
    assert other.priority == 2


def test_R6_1_X3_a_file_with_bad_rows_reports_every_one_and_saves_nothing(world, head):
    before = (Pupil.objects.count(), Pupil.history.count(), Carer.objects.count())
    data = csv_bytes(
        row(1),
        row(2, born="31/02/2012"),
        row(3),
        row(4, year="15", surname=""),
        row(5, upn=""),
        row(world.pupil_a1.pk, upn=world.pupil_a1.upn, surname="Changed"),
    )
    response = post(head, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "The file was not imported: 3 rows were refused" in content
    assert "Nothing has been saved" in content
    assert (
        f'<a href="#line-3">Line 3 ({upn(2)}): Date of birth 31/02/2012 is not a real date</a>'
        in content
    )
    assert (
        f"Line 5 ({upn(4)}): Legal surname is missing; NC year 15 must be R or a number from 0 "
        "to 14" in content
    )
    assert "Line 6: UPN is missing" in content
    for line in (3, 5, 6):
        assert f'id="line-{line}"' in content
    assert "3 other rows were correct, but were not saved either" in content
    assert "<title>Error: Import pupils from your MIS - AltProv</title>" in content
    assert (Pupil.objects.count(), Pupil.history.count(), Carer.objects.count()) == before
    world.pupil_a1.refresh_from_db()
    assert world.pupil_a1.last_name == "Ordinary"


def test_R6_1_X3_the_error_summary_lists_the_first_ten_and_the_table_every_refused_row(world, head):
    data = csv_bytes(*[row(n, born="31/02/2012") for n in range(1, 26)])
    content = post(head, data).content.decode()
    assert "25 rows were refused" in content
    assert content.count('<a href="#line-') == 10
    assert "and 15 more refused rows" in content
    assert content.count('<tr class="govuk-table__row" id="line-') == 25
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_R6_1_a_windows_1252_file_keeps_accented_names(world, head):
    data = csv_bytes(row(1, surname="Brontë", forename="Zoë"), encoding="cp1252")
    assert "1 added" in post(head, data).content.decode()
    pupil = Pupil.objects.get(upn=upn(1))
    assert (pupil.first_name, pupil.last_name) == ("Zoë", "Brontë")


@pytest.mark.parametrize(
    "data, name, message",
    [
        (
            b"UPN,Legal forename,Date of birth\r\nx,y,z\r\n",
            "pupils.csv",
            "The file must have the columns Legal surname and NC year",
        ),
        (b"PK\x03\x04rest", "pupils.csv", "The selected file is a spreadsheet, not a CSV file"),
        (csv_bytes(row(1)), "pupils.xlsx", "The selected file must be a CSV file"),
        (b"", "pupils.csv", "The selected file is empty"),
    ],
)
def test_R6_1_X3_a_file_that_is_not_a_pupil_csv_is_refused_naming_the_problem(
    world, head, data, name, message
):
    response = post(head, data, name)
    form = response.context["form"]
    assert any(message in error for error in form.errors["file"])
    assert f'href="#id_file">{message}' in response.content.decode()
    assert Pupil.objects.count() == 3


def test_R6_1_upns_are_matched_within_the_school_only(world, head):
    other = world.canary_a2
    response = post(head, csv_bytes(row(0, upn=other.upn, surname="Newcomer")))
    assert "1 added" in response.content.decode()
    assert Pupil.objects.filter(upn=other.upn).count() == 2
    other.refresh_from_db()
    assert other.last_name == "Other"


def test_R10_2_the_sendco_imports_but_looked_after_is_not_used(world):
    client = signed_in_client(world.users[Role.SENDCO])
    response = post(client, csv_bytes(row(1, looked_after="Y", sen="E")))
    content = response.content.decode()
    assert "1 added, 0 updated, 0 unchanged" in content
    assert "The Looked after column was not used" in content
    pupil = Pupil.objects.get(upn=upn(1))
    assert not pupil.looked_after and pupil.send_status == "ehcp"


@pytest.mark.parametrize(
    "role", [Role.ATTENDANCE_LEAD, Role.TRUST_SAFEGUARDING_LEAD, Role.TRUST_ADMINISTRATOR]
)
def test_R10_2_only_those_who_keep_pupil_records_import(world, role):
    client = signed_in_client(world.users[role])
    response = client.post("/pupils/import/", {"file": upload(csv_bytes(row(1)))})
    assert response.status_code == 404
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_R6_1_the_import_service_applies_nothing_from_a_refused_file(world):
    user = world.users[Role.HEADTEACHER]
    parsed, result = pupils_import(
        school=world.school_a1, data=csv_bytes(row(1), row(2, year="X")), by=user
    )
    assert result is None and len(parsed.errors) == 1
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_R6_1_a_large_file_is_imported_in_a_few_queries(world, django_assert_max_num_queries):
    data = csv_bytes(*[row(n) for n in range(1, 301)])
    user = world.users[Role.HEADTEACHER]
    with django_assert_max_num_queries(30):
        _, result = pupils_import(school=world.school_a1, data=data, by=user)
    assert result.added == 300
    assert Carer.objects.filter(pupil__school=world.school_a1).count() == 300


def test_R6_1_the_columns_are_documented_in_the_docs_and_on_the_page(world, head):
    from pathlib import Path

    from altprov.pupils.importer import COLUMNS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "pupil-import.md").read_text()
    page = head.get("/pupils/import/").content.decode()
    for column in COLUMNS:
        required = "Required" if column.required else "Optional"
        assert f"| `{column.name}` | {required} |" in doc
        assert f"<code>{column.name}</code>" in page
