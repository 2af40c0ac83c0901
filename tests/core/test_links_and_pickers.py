"""Issue 14, 2.12: staff pickers name each person's role; links with the same words on one page
carry hidden text that tells them apart (WCAG 2.4.4)."""

import html
import re
from html.parser import HTMLParser

import pytest

from altprov.authz.fields import staff_of
from altprov.authz.permissions import Role
from altprov.core.attention import AttentionItem, told_apart
from altprov.provider_audits.forms import ActionPlanForm
from altprov.pupils.models import Carer
from tests.authorization.test_matrix import placement_scene, scene  # noqa: F401 (fixture)
from tests.conftest import signed_in_client
from tests.core.test_out_of_range_input import _pages
from tests.factories import complete_audit, give_role, make_provider, make_user

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    """Every link's accessible name (its text, hidden text included) and its address."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attrs = dict(attrs)
            self._href = attrs.get("href")
            self._text = [attrs["aria-label"]] if attrs.get("aria-label") else []
            self._labelled = bool(attrs.get("aria-label"))

    def handle_data(self, data):
        if self._href is not None and not self._labelled:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def same_words_different_places(page: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    places: dict[str, set[str]] = {}
    for text, href in parser.links:
        if href and not href.startswith("#"):
            places.setdefault(text.lower(), set()).add(href.split("#")[0])
    return [f"{text!r} -> {sorted(hrefs)}" for text, hrefs in places.items() if len(hrefs) > 1]


def test_no_page_has_two_links_with_the_same_words_to_different_places(scene):  # noqa: F811
    # Two audits waiting for the DSL, two sites, two carers: loops with more than one row.
    ap, dsl = scene.users[Role.AP_LEAD], scene.users[Role.DSL]
    for name in ("Second Centre", "Third Centre"):
        complete_audit(make_provider(scene.trust_a, name), scene.school_a1, by=ap)
    provider = scene.qa["provider_a"]
    provider.sites.create(name="Annex", address_line_1="2 Road", town="Town", postcode="ZZ1 1AB")
    scene.pupil_a1.carers.create(name="Carer One", relationship="Mother", priority=1)
    scene.pupil_a1.carers.create(name="Carer Two", relationship="Father", priority=2)
    failures = []
    clients = {}
    pages = list(_pages(scene)) + [("core:home", "/", role) for role in (Role.DSL, Role.AP_LEAD)]
    # The policy table makes a "Pat Carer" for each URL that names one: real carers differ.
    for n, carer in enumerate(Carer.objects.filter(name="Pat Carer")):
        carer.name = f"Pat Carer{n}"
        carer.save()
    for name, url, role in pages:
        client = clients.setdefault(role, signed_in_client(scene.users[role]))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for problem in same_words_different_places(response.content.decode()):
            failures.append(f"{name} {url} as {role.value}: {problem}")
    home = html.unescape(signed_in_client(dsl).get("/").content.decode())
    assert 'Open the audit<span class="govuk-visually-hidden"> of Second Centre' in home
    assert not failures, "\n".join(failures)


def test_items_that_would_read_the_same_get_their_title_as_hidden_text():
    same = [
        AttentionItem(title=f"Item {n}", detail="", url=f"/x/{n}/", link_text="Open")
        for n in (1, 2)
    ]
    other = AttentionItem(title="Other", detail="", url="/y/", link_text="Open something")
    items = told_apart([*same, other])
    assert [i.link_hidden for i in items] == [": Item 1", ": Item 2", ""]


def test_staff_pickers_show_each_persons_role_at_the_school(world):
    ap = world.users[Role.AP_LEAD]
    two_hats = make_user("two@example.org", full_name="Jo Bloggs")
    give_role(two_hats, Role.SENDCO, school=world.school_a1)
    give_role(two_hats, Role.DSL, school=world.school_a1)
    give_role(two_hats, Role.HEADTEACHER, school=world.school_a2)  # not this school's role
    placement = placement_scene(world)
    page = signed_in_client(ap).get(f"/placements/{placement['own'].pk}/pastoral-contact/")
    text = html.unescape(page.content.decode())
    assert re.search(r"<option value=\"\d+\">Jo Bloggs \(DSL, SENDCo\)</option>", text), text
    assert "AP Lead Person (AP Lead)" in text or f"{ap.full_name} (AP Lead)" in text
    provider = make_provider(world.trust_a, "Owner Centre")
    audit = complete_audit(provider, world.school_a1, by=ap, next_steps="Fix it")
    form = ActionPlanForm(actions=audit.actions.all(), owners=staff_of(world.school_a1))
    labels = [label for _, label in next(iter(form.fields.values())).choices]
    assert "Jo Bloggs (DSL, SENDCo)" in labels
