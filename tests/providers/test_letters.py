"""R-5.5: letters of comfort with the date received, signatory, document and renewal date."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from altprov.authz.permissions import Role
from altprov.providers.models import LetterOfComfort
from tests.conftest import signed_in_client
from tests.factories import give_role, make_provider, make_user, pdf_upload

pytestmark = pytest.mark.django_db


def letter_form(**overrides):
    data = {
        "received_on_0": "1",
        "received_on_1": "10",
        "received_on_2": "2026",
        "signatory_name": "Lee Signer",
        "signatory_role": "Director",
        "document": pdf_upload("letter.pdf"),
    }
    data.update(overrides)
    return data


def test_R5_5_a_letter_of_comfort_is_recorded_with_its_renewal_from_the_trust_settings(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.DSL])
    response = client.post(f"/providers/{provider.pk}/letters-of-comfort/add/", letter_form())
    assert response.status_code == 302
    letter = LetterOfComfort.objects.get()
    assert letter.received_on == dt.date(2026, 10, 1)
    assert letter.renewal_due == dt.date(2027, 10, 1)  # 12 months by default
    assert letter.signatory_name == "Lee Signer" and letter.document.original_name == "letter.pdf"
    assert letter.recorded_by == world.users[Role.DSL]


def test_R5_5_the_renewal_date_follows_a_shorter_trust_period_or_is_given(world):
    settings = world.trust_a.settings
    settings.letter_of_comfort_valid_months = 6
    settings.save()
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.DSL])
    client.post(f"/providers/{provider.pk}/letters-of-comfort/add/", letter_form())
    assert LetterOfComfort.objects.get().renewal_due == dt.date(2027, 4, 1)
    client.post(
        f"/providers/{provider.pk}/letters-of-comfort/add/",
        letter_form(
            renewal_due_0="1", renewal_due_1="1", renewal_due_2="2027", document=pdf_upload()
        ),
    )
    assert LetterOfComfort.objects.order_by("-pk").first().renewal_due == dt.date(2027, 1, 1)


def test_X3_a_letter_is_refused_with_messages_naming_each_field(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.DSL])
    response = client.post(
        f"/providers/{provider.pk}/letters-of-comfort/add/",
        letter_form(
            signatory_name="",
            renewal_due_0="1",
            renewal_due_1="9",
            renewal_due_2="2026",
            document=SimpleUploadedFile("letter.pdf", b"just text"),
        ),
    )
    content = response.content.decode()
    assert "Enter the name of the person who signed the letter" in content
    assert "The selected file must be a PDF" in content
    assert not LetterOfComfort.objects.exists()
    response = client.post(
        f"/providers/{provider.pk}/letters-of-comfort/add/",
        letter_form(renewal_due_0="1", renewal_due_1="9", renewal_due_2="2026"),
    )
    assert (
        "The renewal date must be after the date the letter was received"
        in response.content.decode()
    )


def test_R5_5_the_letter_is_served_to_those_who_quality_assure_providers_in_the_trust_only(world):
    provider = make_provider(world.trust_a)
    client = signed_in_client(world.users[Role.DSL])
    client.post(f"/providers/{provider.pk}/letters-of-comfort/add/", letter_form())
    document = LetterOfComfort.objects.get().document
    response = client.get(f"/evidence/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    dsl_a2 = make_user()
    give_role(dsl_a2, Role.DSL, school=world.school_a2)
    assert signed_in_client(dsl_a2).get(f"/evidence/{document.pk}/").status_code == 200
    for outsider in (world.outsider, world.users[Role.ATTENDANCE_LEAD], world.users[Role.TRUSTEE]):
        assert signed_in_client(outsider).get(f"/evidence/{document.pk}/").status_code == 404
    assert signed_in_client(world.users[Role.DSL]).get("/evidence/999999/").status_code == 404
