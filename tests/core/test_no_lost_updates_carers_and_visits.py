"""X-5, issue 11 item 3: no lost updates, for the records still edited by more than one person
without a version until now: a pupil's parents and carers, and a provider audit's visit details
and its people. A save based on an old version is refused at the service and on the page, with
nothing written; a fresh save passes and moves the version on once; an outsider gets 404."""

import pytest

from altprov.authz.permissions import Role
from altprov.core.versions import StaleVersion
from altprov.provider_audits import services as audit_services
from altprov.provider_audits.models import AuditPerson, ProviderAudit
from altprov.pupils import services as pupil_services
from altprov.pupils.models import Carer
from tests.conftest import signed_in_client
from tests.core.test_no_lost_updates import refused, version_on
from tests.factories import make_carer, make_provider

pytestmark = pytest.mark.django_db

CARER = {
    "name": "Jo Parent",
    "relationship": "Mother",
    "phone": "07700 900982",
    "email": "",
    "address": "",
    "parental_responsibility": "yes",
    "priority": "1",
}
VISIT = {"visit_date_0": "2", "visit_date_1": "11", "visit_date_2": "2026", "visit_time": "10:30"}
PERSON = {"kind": "visit", "name": "Jo Visitor", "role": "AP Lead"}


@pytest.fixture
def carer(world):
    return make_carer(world.pupil_a1, name="Jo Parent", phone="07700 900982")


@pytest.fixture
def audit(world):
    provider = make_provider(world.trust_a, "Visit Versions")
    audit, _ = audit_services.audit_start(
        provider=provider, school=world.school_a1, by=world.users[Role.AP_LEAD]
    )
    return audit


def fresh_audit(audit) -> ProviderAudit:
    return ProviderAudit.objects.get(pk=audit.pk)


def carer_url(carer) -> str:
    return f"/pupils/{carer.pupil_id}/carers/{carer.pk}/"


# Parents and carers -----------------------------------------------------------------------------


def test_X5_a_carer_refuses_a_stale_save_at_the_service_and_writes_nothing(world, carer):
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    first, second = (Carer.objects.get(pk=carer.pk) for _ in range(2))
    read = first.edit_version
    first.phone = "01632 960001"
    pupil_services.carer_save(carer=first, by=ap, based_on=read)  # fresh: passes
    rows = Carer.history.filter(id=carer.pk).count()
    second.email = "jo@example.org"
    with pytest.raises(StaleVersion):
        pupil_services.carer_save(carer=second, by=head, based_on=read)
    stored = Carer.objects.get(pk=carer.pk)
    assert (stored.phone, stored.email) == ("01632 960001", "")
    assert stored.edit_version == read + 1  # moved on once, by the fresh save
    assert Carer.history.filter(id=carer.pk).count() == rows  # nothing written


def test_X5_the_carer_page_refuses_a_stale_save_then_one_save_reapplies_it(world, carer):
    ap, head = world.users[Role.AP_LEAD], world.users[Role.HEADTEACHER]
    client = signed_in_client(ap)
    url = carer_url(carer)
    read = version_on(client.get(url))
    changed = Carer.objects.get(pk=carer.pk)
    changed.phone = "01632 960001"
    pupil_services.carer_save(carer=changed, by=head)
    mine = {**CARER, "email": "jo@example.org", "based_on_version": read}
    response = client.post(url, mine)
    html = refused(response)
    assert "Phone number" in html and "01632 960001" in html and head.full_name in html
    assert 'value="jo@example.org"' in html  # the person's own answer, kept
    assert Carer.objects.get(pk=carer.pk).email == ""  # nothing written
    assert version_on(response) == read + 1
    response = client.post(url, {**mine, "based_on_version": read + 1})
    assert response.status_code == 302
    stored = Carer.objects.get(pk=carer.pk)
    assert (stored.email, stored.edit_version) == ("jo@example.org", read + 2)


def test_X5_adding_a_carer_needs_no_version(world):
    client = signed_in_client(world.users[Role.AP_LEAD])
    url = f"/pupils/{world.pupil_a1.pk}/carers/add/"
    assert 'name="based_on_version"' not in client.get(url).content.decode()
    assert client.post(url, CARER).status_code == 302
    assert world.pupil_a1.carers.get(name="Jo Parent").edit_version == 1


# A provider audit's visit details and people -------------------------------------------------


def test_X5_the_audit_visit_and_people_refuse_a_stale_save_at_the_service(world, audit):
    ap, dsl = world.users[Role.AP_LEAD], world.users[Role.DSL]
    read = fresh_audit(audit).edit_version
    when = fresh_audit(audit).visit_at
    audit_services.person_add(audit=fresh_audit(audit), based_on=read, by=ap, **{**PERSON})
    assert fresh_audit(audit).edit_version == read + 1  # moved on once
    stale = fresh_audit(audit)
    with pytest.raises(StaleVersion):
        audit_services.visit_save(audit=stale, visit_at=when, by=dsl, based_on=read)
    with pytest.raises(StaleVersion):
        audit_services.person_add(
            audit=stale, kind="visit", name="Jo Visitor", role="AP Lead", by=dsl, based_on=read
        )
    assert fresh_audit(audit).visit_at == when
    assert list(audit.people.values_list("name", flat=True)) == ["Jo Visitor"]
    assert fresh_audit(audit).edit_version == read + 1  # nothing written


def test_X5_removing_a_person_moves_the_audit_version_on(world, audit):
    ap = world.users[Role.AP_LEAD]
    person = audit_services.person_add(
        audit=fresh_audit(audit), kind="visit", name="Jo Visitor", role="AP Lead", by=ap
    )
    read = fresh_audit(audit).edit_version
    audit_services.person_remove(person=AuditPerson.objects.get(pk=person.pk), by=ap)
    assert fresh_audit(audit).edit_version == read + 1
    assert not audit.people.exists()


def test_X5_the_visit_page_refuses_a_stale_save_and_shows_who_was_added(world, audit):
    ap, dsl = world.users[Role.AP_LEAD], world.users[Role.DSL]
    client = signed_in_client(ap)
    url = f"/audits/{audit.pk}/visit/"
    read = version_on(client.get(url))
    audit_services.person_add(
        audit=fresh_audit(audit), kind="visit", name="Sam Colleague", role="DSL", by=dsl
    )
    response = client.post(url, {**VISIT, "based_on_version": read})
    html = refused(response)
    assert "Person changed by" in html and "Sam Colleague" in html and dsl.full_name in html
    assert fresh_audit(audit).visit_at is None  # nothing written
    assert version_on(response) == read + 1
    assert client.post(url, {**VISIT, "based_on_version": read + 1}).status_code == 302
    stored = fresh_audit(audit)
    assert stored.visit_at is not None and stored.edit_version == read + 2


def test_X5_the_add_a_person_page_refuses_a_stale_save(world, audit):
    ap, dsl = world.users[Role.AP_LEAD], world.users[Role.DSL]
    client = signed_in_client(ap)
    url = f"/audits/{audit.pk}/people/add/"
    read = version_on(client.get(url))
    audit_services.person_add(
        audit=fresh_audit(audit), kind="visit", name="Jo Visitor", role="AP Lead", by=dsl
    )
    html = refused(client.post(url, {**PERSON, "based_on_version": read}))
    assert "Jo Visitor" in html and dsl.full_name in html
    assert audit.people.count() == 1  # not listed twice
    response = client.post(url, {**PERSON, "name": "Al Other", "based_on_version": read + 1})
    assert response.status_code == 302
    assert audit.people.count() == 2 and fresh_audit(audit).edit_version == read + 2


# Outsiders ------------------------------------------------------------------------------------


def test_X5_an_outsider_gets_404_on_the_carer_visit_and_people_pages(world, carer, audit):
    outsider = signed_in_client(world.outsider)
    for url in (
        carer_url(carer),
        f"/audits/{audit.pk}/visit/",
        f"/audits/{audit.pk}/people/add/",
    ):
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url, {"based_on_version": 0}).status_code == 404, url
    assert Carer.objects.get(pk=carer.pk).edit_version == carer.edit_version
    assert fresh_audit(audit).edit_version == audit.edit_version
