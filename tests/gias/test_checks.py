"""R-5.2: every provider's claimed registration status checked against GIAS: what was found, when,
and a flag when the claim does not match."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.gias import selectors
from altprov.gias.models import RegistrationCheck
from altprov.gias.names import name_key, same_establishment
from altprov.gias.services import NoRegisterError, checks_run, gias_import
from altprov.providers.models import Provider
from tests.factories import make_trust, make_user

from .helpers import make_provider, register, row

pytestmark = pytest.mark.django_db
Outcome = RegistrationCheck.Outcome

REGISTER = [
    row(140001, "Bright Futures Independent School"),
    row(
        140002,
        "Old Mill School",
        **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2020"},
    ),
    row(
        140003,
        "Riverside Pupil Referral Unit",
        **{
            "TypeOfEstablishment (name)": "Pupil referral unit",
            "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        },
    ),
    row(140004, "Café Création Learning Centre"),
    row(140005, "Hillside Farm", **{"EstablishmentStatus (name)": "Closed"}),
    row(
        140006, "Moorland Academy", **{"EstablishmentStatus (name)": "Open, but proposed to close"}
    ),
]


def import_register(by=None, rows=REGISTER, name="edubasealldata20261101.csv"):
    return gias_import(file=register(*rows), file_name=name, by=by)


def latest(provider) -> RegistrationCheck:
    return selectors.latest_check(provider)


@pytest.fixture
def trust():
    return make_trust()


def test_R5_2_a_registered_provider_whose_urn_and_name_match_gias(trust):
    provider = make_provider(trust, "Bright Futures Ltd", urn="140001")
    gias = import_register()
    check = latest(provider)
    assert check.outcome == Outcome.MATCHES and not check.flagged
    assert check.found and check.gias_import == gias
    assert check.claimed_status == "registered" and check.claimed_urn == "140001"
    assert check.establishment_urn == 140001
    assert check.establishment_name == "Bright Futures Independent School"
    assert check.establishment_type == "Other independent school"
    assert check.establishment_status == "Open"
    assert check.establishment_close_date is None
    assert check.message == (
        "Bright Futures Independent School is open in GIAS (Other independent school)."
    )


def test_R5_2_open_but_proposed_to_close_still_matches(trust):
    provider = make_provider(trust, "Moorland", urn="140006")
    import_register()
    assert latest(provider).outcome == Outcome.MATCHES
    assert latest(provider).establishment_status == "Open, but proposed to close"


def test_R5_2_a_registered_provider_whose_urn_is_not_in_gias_is_flagged(trust):
    provider = make_provider(trust, "Bright Futures", urn="999999")
    import_register()
    check = latest(provider)
    assert check.outcome == Outcome.NOT_FOUND and check.flagged and not check.found
    assert check.message == "No establishment in GIAS has the URN 999999."
    assert check.establishment_name == "" and check.establishment_urn is None


def test_R5_2_a_urn_that_is_not_a_number_is_not_found(trust):
    provider = make_provider(trust, "Bright Futures", urn="AB12")
    import_register()
    assert latest(provider).outcome == Outcome.NOT_FOUND


def test_R5_2_a_registered_provider_whose_establishment_is_closed_is_flagged(trust):
    provider = make_provider(trust, "The Old Mill", urn="140002")
    import_register()
    check = latest(provider)
    assert check.outcome == Outcome.CLOSED and check.flagged and check.found
    assert check.establishment_status == "Closed"
    assert check.establishment_close_date == dt.date(2020, 8, 31)
    assert check.message == "Old Mill School is closed in GIAS since 31 August 2020."


def test_R5_2_a_registered_provider_whose_urn_belongs_to_another_establishment_is_flagged(trust):
    provider = make_provider(trust, "Horizon Skills Ltd", urn="140003")
    import_register()
    check = latest(provider)
    assert check.outcome == Outcome.OTHER_ESTABLISHMENT and check.flagged and check.found
    assert check.establishment_name == "Riverside Pupil Referral Unit"
    assert check.establishment_type == "Pupil referral unit"
    assert check.message == (
        "URN 140003 is Riverside Pupil Referral Unit (Pupil referral unit) in GIAS."
    )


def test_R5_2_a_registered_provider_with_no_urn_is_flagged(trust):
    provider = make_provider(trust, "Bright Futures", urn="")
    import_register()
    check = latest(provider)
    assert check.outcome == Outcome.NO_URN and check.flagged and not check.found
    assert check.get_outcome_display() == "Says it is registered but has no URN"


def test_R5_2_an_unregistered_provider_not_in_gias_is_as_expected(trust):
    provider = make_provider(trust, "Boxing Clever CIC", registered=False)
    closed_namesake = make_provider(trust, "Hillside Farm", registered=False)
    import_register()
    for p in (provider, closed_namesake):  # a closed establishment of the same name is no match
        check = latest(p)
        assert check.outcome == Outcome.UNREGISTERED and not check.flagged and not check.found
        assert check.claimed_status == "unregistered"


def test_R5_2_an_unregistered_provider_with_the_name_of_an_open_establishment_is_noted(trust):
    provider = make_provider(trust, "Cafe Creation Learning Ltd", registered=False)
    import_register()
    check = latest(provider)
    assert check.outcome == Outcome.UNREGISTERED_FOUND
    assert not check.flagged  # informational
    assert check.found and check.establishment_urn == 140004
    assert check.establishment_name == "Café Création Learning Centre"
    assert "URN 140004" in check.message


def test_R5_2_each_import_checks_every_provider_of_every_trust_and_keeps_the_history(trust):
    other_trust = make_trust()
    ours = make_provider(trust, "Old Mill", urn="140002")
    theirs = make_provider(other_trust, "Bright Futures", urn="140001")
    admin = make_user()
    first = import_register(by=admin)
    assert (first.providers_checked, first.providers_flagged) == (2, 1)
    assert latest(theirs).checked_by == admin
    # The establishment reopens; the earlier check still says what was found then.
    reopened = [r for r in REGISTER if r["URN"] not in ("140001", "140002")] + [
        row(140001, "Bright Futures School"),
        row(140002, "Old Mill School"),
    ]
    second = import_register(rows=reopened, name="edubasealldata20261201.csv")
    assert RegistrationCheck.objects.filter(provider=ours).count() == 2
    old, new = RegistrationCheck.objects.filter(provider=ours).order_by("checked_at", "pk")
    assert (old.outcome, old.establishment_status, old.gias_import) == ("closed", "Closed", first)
    assert (new.outcome, new.establishment_status, new.gias_import) == ("matches", "Open", second)
    assert latest(ours) == new


def test_R5_2_checking_again_uses_the_current_register_for_one_trust(trust):
    other_trust = make_trust()
    ours = make_provider(trust, "Bright Futures", urn="140001")
    theirs = make_provider(other_trust, "Old Mill", urn="140002")
    gias = import_register()
    admin = make_user()
    # The provider's record is corrected after the import.
    Provider.objects.filter(pk=ours.pk).update(urn="")
    result = checks_run(by=admin, trust=trust)
    assert (result.checked, result.flagged) == (1, 1)
    check = latest(ours)
    assert check.outcome == Outcome.NO_URN and check.checked_by == admin
    assert check.gias_import == gias
    assert RegistrationCheck.objects.filter(provider=theirs).count() == 1
    result = checks_run()
    assert (result.checked, result.flagged) == (2, 2)


def test_R5_2_checks_need_a_register(trust):
    make_provider(trust, urn="140001")
    with pytest.raises(NoRegisterError):
        checks_run(trust=trust)
    assert not RegistrationCheck.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_R5_2_checks_cost_the_same_number_of_queries_whatever_the_number_of_providers(trust, count):
    import_register()
    for i in range(count):
        make_provider(trust, f"Provider {i}", urn="140001" if i % 3 == 0 else "")
        make_provider(trust, f"Unregistered {i}", registered=False)
    with CaptureQueriesContext(connection) as queries:
        checks_run(trust=trust)
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    # The latest import, the providers, establishments by URN, open establishments by name.
    assert len(selects) == 4, "\n".join(selects)
    assert [q for q in queries if q["sql"].startswith("INSERT")]
    assert RegistrationCheck.objects.count() == 2 * count


def test_R5_2_the_latest_check_annotation_and_lookup(trust, django_assert_num_queries):
    flagged = make_provider(trust, "Old Mill", urn="140002")
    fine = make_provider(trust, "Bright Futures", urn="140001")
    import_register()
    assert latest(flagged).outcome == "closed"
    Provider.objects.filter(pk=flagged.pk).update(urn="140001", name="Bright Futures Two")
    checks_run(trust=trust)
    never = make_provider(trust, "Never Checked", urn="140001")
    with django_assert_num_queries(1):
        rows = {
            p.name: (p.registration_flagged, p.registration_outcome, p.registration_checked_at)
            for p in selectors.with_latest_check(Provider.objects.filter(trust=trust))
        }
    assert rows["Bright Futures Two"][:2] == (False, "matches")
    assert rows["Bright Futures"][:2] == (False, "matches")
    assert rows["Never Checked"] == (None, None, None)
    assert isinstance(rows["Bright Futures"][2], dt.datetime)
    with django_assert_num_queries(1):
        latest_by_provider = selectors.latest_checks(Provider.objects.filter(trust=trust))
    assert latest_by_provider[flagged.pk].outcome == "matches"
    assert RegistrationCheck.objects.filter(provider=flagged).count() == 2
    assert set(latest_by_provider) == {flagged.pk, fine.pk}
    assert never.pk not in latest_by_provider


def test_R5_2_a_provider_never_checked_has_no_latest_check(trust):
    provider = make_provider(trust, "Bright Futures", urn="140001")
    annotated = selectors.with_latest_check(Provider.objects.filter(pk=provider.pk)).get()
    assert annotated.registration_flagged is None and annotated.registration_outcome is None
    assert selectors.latest_check(provider) is None
    assert selectors.latest_checks(Provider.objects.filter(pk=provider.pk)) == {}


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Bright Futures Ltd", "Bright Futures Independent School", True),
        ("St. Mary's Pupil Referral Unit", "St Marys PRU", True),
        ("Horizon Skills Ltd", "Riverside Pupil Referral Unit", False),
        ("The Academy", "Academy of the School", False),
        ("The School", "the school", True),
        ("Café Création", "CAFE CREATION", True),
        ("Saint Anne’s Centre", "St Anne's", True),
    ],
)
def test_R5_2_names_are_compared_by_their_significant_words(a, b, same):
    assert same_establishment(a, b) is same


def test_R5_2_a_name_key_drops_case_accents_punctuation_and_common_words():
    assert name_key("The Café-Création Learning Centre, Ltd.") == "cafe creation learning"
    assert name_key("The School") == "the school"
