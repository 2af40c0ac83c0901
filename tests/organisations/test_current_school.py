"""R-10.2, X-5: the schools a person may work in, and the current school among them
(`altprov/organisations/selectors.py`): read once a request, in name order, without a query for
someone whose roles are all in schools."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from altprov.authz.permissions import Role
from altprov.organisations.selectors import (
    CURRENT_SCHOOL,
    current_school,
    schools_for,
    user_schools,
)
from tests.factories import give_role, make_school, make_trust, make_user

pytestmark = pytest.mark.django_db


def request_of(user, chosen=None):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {CURRENT_SCHOOL: chosen} if chosen else {}
    return request


@pytest.fixture
def schools():
    """Three schools of one trust, made in an order that is not their names' order."""
    trust = make_trust()
    return [make_school(trust, name) for name in ("Willow Academy", "Ash School", "Oak Primary")]


def test_R10_2_someone_signed_out_has_no_schools_and_no_current_school():
    request = request_of(AnonymousUser())
    assert user_schools(request) == []
    assert current_school(request) is None


def test_R10_2_school_roles_give_their_schools_in_name_order_without_a_query(
    schools, django_assert_num_queries
):
    person = make_user()
    for school in schools:
        give_role(person, Role.AP_LEAD, school=school)
    person = type(person).objects.get(pk=person.pk)  # roles not yet read
    request = request_of(person)
    with django_assert_num_queries(1):  # the roles, with their schools
        found = user_schools(request)
    assert [s.name for s in found] == ["Ash School", "Oak Primary", "Willow Academy"]
    with django_assert_num_queries(0):
        assert user_schools(request) == found
        assert current_school(request) == found[0]


def test_R10_2_a_trust_role_gives_the_trusts_schools_in_name_order(schools):
    person = make_user()
    give_role(person, Role.TRUST_EXECUTIVE, trust=schools[0].trust)
    make_school(make_trust(), "Another Trust's School")
    request = request_of(person)
    assert [s.name for s in user_schools(request)] == [
        "Ash School",
        "Oak Primary",
        "Willow Academy",
    ]


def test_R10_2_the_chosen_school_is_current_only_while_the_person_may_work_in_it(schools):
    person = make_user()
    give_role(person, Role.DSL, school=schools[0])
    give_role(person, Role.DSL, school=schools[2])
    assert current_school(request_of(person, chosen=schools[0].pk)) == schools[0]
    assert current_school(request_of(person, chosen=schools[1].pk)) == schools[2]  # not theirs


def test_R10_2_schools_for_brings_each_schools_trust_in_the_same_query(
    schools, django_assert_num_queries
):
    person = make_user()
    give_role(person, Role.TRUST_EXECUTIVE, trust=schools[0].trust)
    found = list(schools_for(person))
    with django_assert_num_queries(0):
        assert {s.trust.name for s in found} == {schools[0].trust.name}
