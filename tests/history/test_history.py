"""X-1: each record's history of changes, with the record's own access and sensitivity rules."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from altprov.audit.models import AccessEvent
from altprov.audit.sensitivity import SENSITIVE_FIELDS, Flag, fields_under
from altprov.authz.permissions import Role
from altprov.providers.models import Provider
from altprov.pupils.models import Pupil
from altprov.pupils.services import carer_save, pupil_save
from tests.authorization import test_matrix as matrix
from tests.conftest import signed_in_client
from tests.factories import complete_audit, make_carer, make_provider, make_pupil

pytestmark = pytest.mark.django_db

SECRET_BEFORE = "Sammy Secretworker"
SECRET_AFTER = "Robin Hiddenworker"
SEND_BEFORE = "Asthma, carries an inhaler"
SEND_AFTER = "Asthma and a nut allergy"

scene = matrix.scene  # the matrix test's world: a referral, placement and audit in each scope


def _change(pupil, by, **values):
    pupil = Pupil.objects.get(pk=pupil.pk)
    for name, value in values.items():
        setattr(pupil, name, value)
    return pupil_save(pupil=pupil, by=by)


def _history(user, pupil):
    return signed_in_client(user).get(reverse("history:pupil", args=[pupil.pk]))


@pytest.fixture
def changed(world):
    """Alex's record changed by the DSL: safeguarding and SEND detail, then the year group."""
    dsl = world.users[Role.DSL]
    pupil = world.pupil_a1
    _change(pupil, dsl, social_worker_name=SECRET_BEFORE, medical_needs=SEND_BEFORE)
    _change(pupil, dsl, social_worker_name=SECRET_AFTER, medical_needs=SEND_AFTER)
    _change(pupil, dsl, year_group=10, date_of_birth=dt.date(2013, 3, 4), send_status="ehcp")
    return world


def test_X1_the_history_lists_each_change_newest_first_with_who_when_and_from_to(changed):
    world = changed
    page = _history(world.users[Role.DSL], world.pupil_a1).content.decode()
    assert "History of changes: Alex Ordinary" in page
    dsl = world.users[Role.DSL].full_name  # "Designated Safeguarding Lead (DSL) Person"
    assert page.count(f"by {dsl} (DSL)") == 3
    assert "by The service (an import or a scheduled task)" in page  # made by the factory
    # Newest first: the year group change, then the second and first safeguarding changes.
    cell = '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    year = page.index('<th scope="row" class="govuk-table__header">Year group</th>')
    second = page.index(cell.format(SECRET_BEFORE, SECRET_AFTER))
    first = page.index(cell.format("Not recorded", SECRET_BEFORE))
    assert year < second < first
    # The policy's words: verbose names, choices' labels, dates as the service writes them.
    assert "Social worker&#x27;s name" in page
    assert "Education, health and care plan" in page  # send_status "ehcp"
    assert "4 March 2012" in page and "4 March 2013" in page and "Year 10" in page
    assert "Not recorded" in page  # the social worker's name before the first change
    assert "Added: Pupil record" in page  # the record as made by the factory


def test_X1_the_history_names_parents_and_carers_changed_and_removed(world):
    head = world.users[Role.HEADTEACHER]
    carer = make_carer(world.pupil_a1, name="Jo Carer")
    carer.phone = "01632 960000"
    carer_save(carer=carer, by=head)
    page = _history(head, world.pupil_a1).content.decode()
    assert "Changed: Parent or carer: Jo Carer" in page
    assert "01632 960000" in page and "07700 900982" in page
    assert "by Headteacher Person (Headteacher)" in page


@pytest.mark.parametrize("role", [Role.ATTENDANCE_LEAD, Role.TRUST_EXECUTIVE])
def test_X1_someone_without_safeguarding_or_send_access_sees_no_old_value_of_either(changed, role):
    response = _history(changed.users[role], changed.pupil_a1)
    assert response.status_code == 200
    page = response.content.decode()
    for secret in (SECRET_BEFORE, SECRET_AFTER, SEND_BEFORE, SEND_AFTER):
        assert secret not in page
    assert "Social worker" not in page and "Medical needs" not in page
    assert "Education, health and care plan" not in page
    assert "Changed (hidden: you do not have access to safeguarding detail)" in page
    assert "Changed (hidden: you do not have access to SEND detail)" in page
    assert "Year 10" in page  # what they may see is still shown


def test_X1_the_sendco_sees_send_history_but_not_safeguarding(changed):
    page = _history(changed.users[Role.SENDCO], changed.pupil_a1).content.decode()
    assert SEND_BEFORE in page and SEND_AFTER in page
    assert SECRET_BEFORE not in page and SECRET_AFTER not in page
    assert "Changed (hidden: you do not have access to safeguarding detail)" in page
    assert "hidden: you do not have access to SEND detail" not in page


def test_X1_the_dsl_sees_every_old_value(changed):
    page = _history(changed.users[Role.DSL], changed.pupil_a1).content.decode()
    for value in (SECRET_BEFORE, SECRET_AFTER, SEND_BEFORE, SEND_AFTER):
        assert value in page
    assert "Changed (hidden" not in page


def test_X1_the_history_page_is_logged_as_a_view_of_the_pupils_record(changed):
    user = changed.users[Role.AP_LEAD]
    assert _history(user, changed.pupil_a1).status_code == 200
    event = AccessEvent.objects.get(user=user)
    assert event.what == "pupil record: history of changes"
    assert list(event.pupils.all()) == [changed.pupil_a1]


def _history_urls(w, scope):
    return [
        reverse("history:pupil", args=[{"own": w.pupil_a1, "other_trust": w.canary_b1}[scope].pk]),
        reverse("history:referral", args=[w.referrals[scope].pk]),
        reverse("history:placement", args=[w.placements[scope].pk]),
        reverse("history:plan", args=[w.placements[scope].pk]),
        reverse("history:audit", args=[w.qa["audits"][scope].pk]),
        reverse(
            "history:provider", args=[w.qa["provider_b" if scope != "own" else "provider_a"].pk]
        ),
    ]


def test_X1_an_outsider_gets_404_for_every_history_page(scene):
    head = signed_in_client(scene.users[Role.HEADTEACHER])
    outsider = signed_in_client(scene.outsider)
    staff = signed_in_client(scene.users[Role.STAFF_MEMBER])  # no pupils in their role
    for url in _history_urls(scene, "own"):
        assert head.get(url).status_code == 200, url
        assert outsider.get(url).status_code == 404, url
        assert staff.get(url).status_code == 404, url
    for url in _history_urls(scene, "other_trust"):
        assert head.get(url).status_code == 404, url
    assert not AccessEvent.objects.filter(user__in=[scene.outsider]).exists()


def test_X1_the_plan_history_is_for_those_who_may_open_the_plan(scene):
    url = reverse("history:plan", args=[scene.placements["own"].pk])
    assert signed_in_client(scene.users[Role.AP_LEAD]).get(url).status_code == 200
    assert signed_in_client(scene.users[Role.DSL]).get(url).status_code == 404


def test_X1_each_record_page_links_to_its_history(scene):
    head = signed_in_client(scene.users[Role.HEADTEACHER])
    placement = reverse("placements:detail", args=[scene.placements["own"].pk])
    record_pages = [
        reverse("pupils:detail", args=[scene.pupil_a1.pk]),
        reverse("referrals:overview", args=[scene.referrals["own"].pk]),
        placement,
        placement,  # the plan's history, from the placement's "Personalised plan"
        reverse("provider_audits:overview", args=[scene.qa["audits"]["own"].pk]),
        reverse("providers:detail", args=[scene.qa["provider_a"].pk]),
    ]
    for page, history in zip(record_pages, _history_urls(scene, "own"), strict=True):
        assert f'href="{history}"' in head.get(page).content.decode(), page


def test_X1_provider_and_audit_histories_show_their_changes(world):
    head = world.users[Role.HEADTEACHER]
    provider = make_provider(world.trust_a, "Old Name Centre")
    provider = Provider.objects.get(pk=provider.pk)
    provider.name, provider._history_user = "New Name Centre", head
    provider.save()
    client = signed_in_client(head)
    page = client.get(reverse("history:provider", args=[provider.pk])).content.decode()
    assert "Changed: Provider" in page and "Old Name Centre" in page
    assert "by Headteacher Person (Headteacher)" in page
    audit = complete_audit(provider, world.school_a1, by=world.users[Role.AP_LEAD])
    page = client.get(reverse("history:audit", args=[audit.pk])).content.decode()
    assert "Added: Audit" in page and "Changed: Audit" in page
    assert "Key stage 3, Key stage 4" in page  # the audit's key stages by their names


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_X1_a_page_of_history_costs_the_same_queries_for_1_and_30_changes(world):
    """Each page has versions of both tables (the pupil's and the carers'): the count depends on
    the tables on the page, never on the number of changes."""
    head = world.users[Role.HEADTEACHER]
    client = signed_in_client(head)
    counts = {}
    for n in (1, 30):
        pupil = make_pupil(world.school_a1)
        carer = make_carer(pupil)
        for i in range(n - 1):
            _change(pupil, head, medical_needs=f"Need {i}", ehcp_local_authority=f"LA {i}")
        carer.phone = "01632 960001"
        carer_save(carer=carer, by=head)
        url = reverse("history:pupil", args=[pupil.pk])
        client.get(url)  # the session's first-request work is done
        counts[n] = _queries(client, url)
        if n == 30:  # 31 versions: two pages, each with both tables
            assert _queries(client, f"{url}?page=2") == counts[n]
    assert counts[1] == counts[30] == HISTORY_QUERIES


# The session, the authenticator and the viewer's roles (3), the pupil (1), the page of version
# ids and their count (2), per table on the page its versions with the one before each (2 here),
# the authors' roles (1), and the access log's event and its pupils in a savepoint (4).
HISTORY_QUERIES = 13


def test_X1_sensitive_fields_are_declared_once_in_one_table():
    assert Pupil.SAFEGUARDING_FIELDS == fields_under("pupils.pupil", Flag.SAFEGUARDING)
    assert "social_worker_name" in Pupil.SAFEGUARDING_FIELDS
    assert "medical_needs" in Pupil.SEND_FIELDS
    for label, fields in SENSITIVE_FIELDS.items():
        from django.apps import apps

        model = apps.get_model(label)
        for name in fields:
            model._meta.get_field(name)  # every field named exists
