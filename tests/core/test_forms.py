"""The GOV.UK form markup every form page relies on (crispy-forms-gds is pinned: these tests are
what tells us if an upgrade changes it)."""

import pytest

from altprov.accounts.forms import SignInForm
from altprov.organisations.forms import SchoolForm, TrustSettingsForm
from altprov.staff.forms import StaffAddForm
from tests.factories import make_trust

pytestmark = pytest.mark.django_db


def render(form) -> str:
    from django.template import Context, Template

    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_X3_radios_have_no_empty_choice():
    html = render(SchoolForm())
    assert "---------" not in html
    assert 'class="govuk-radios"' in html or "govuk-radios__item" in html


def test_X3_numbers_are_gov_uk_text_inputs_with_a_numeric_keyboard():
    html = render(TrustSettingsForm())
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html
    assert "numberinput" not in html
    assert "govuk-input govuk-input--width-5" in html


def test_X3_fields_with_errors_get_the_error_message_and_the_red_border():
    form = StaffAddForm(
        make_trust(), {"full_name": "", "email": "bad", "role": "dsl", "school": ""}
    )
    assert not form.is_valid()
    html = render(form)
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html  # text and email inputs
    assert "govuk-select--error" in html  # the school select
    assert '<span id="id_email_1_error" class="govuk-error-message">' in html
    assert 'aria-describedby="id_email_hint id_email_1_error"' in html


def test_X3_the_error_summary_links_each_message_to_its_field():
    from django.template.loader import render_to_string

    form = SignInForm({"email": "", "password": ""})
    form.is_valid()
    html = render_to_string("components/error_summary.html", {"form": form})
    assert 'href="#id_email">Enter your email address</a>' in html
    assert 'href="#id_password">Enter your password</a>' in html
    assert 'data-module="govuk-error-summary"' in html


def test_X3_error_summary_links_reach_radios_dates_and_inputs():
    from django.template.loader import render_to_string

    from altprov.termdates.forms import TermForm

    form = TermForm({})
    form.is_valid()
    html = render_to_string("components/error_summary.html", {"form": form})
    assert 'href="#id_name_1"' in html  # radios: crispy-forms-gds numbers them from 1
    assert 'href="#id_start_0"' in html  # the day of a date
    rendered = render(form)
    assert 'id="id_name_1"' in rendered and 'id="id_start_0"' in rendered
