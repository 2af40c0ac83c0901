from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core import validators

from .fields import MAX_INTEGER

# Error borders crispy-forms-gds does not add for these widgets.
_ERROR_CLASS = {
    forms.Select: "govuk-select--error",
    forms.EmailInput: "govuk-input--error",
    forms.PasswordInput: "govuk-input--error",
    forms.URLInput: "govuk-input--error",
}


def _name_in_message(field, code: str, message: str) -> None:
    """Replaces Django's generic message for `code`; a message the form wrote stays."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    if str(field.error_messages.get(code)) == str(defaults.get(code)):
        field.error_messages[code] = message


def _bound_number(field: forms.IntegerField) -> None:
    """Every number a form accepts fits the database (issue 14, 1.7): a whole number has bounds
    within the integer column of every supported database, and the messages name the field, so
    10**30, -5 or "ten" is a field error, never a failure at save."""
    name = str(field.label or "number")
    # Django formats these messages with %: a label such as "Attendance target (%)" is escaped.
    name = (name[0].lower() + name[1:]).replace("%", "%%")
    if isinstance(field, forms.FloatField):
        return
    if isinstance(field, forms.DecimalField):
        _name_in_message(field, "invalid", f"Enter the {name} as a number")
        if field.max_digits is not None:
            whole = field.max_digits - (field.decimal_places or 0)
            for code in ("max_digits", "max_whole_digits"):
                _name_in_message(field, code, f"The {name} must be less than {10**whole:,}")
        return
    if field.max_value is None or field.max_value > MAX_INTEGER:
        field.max_value = MAX_INTEGER
        field.validators.append(validators.MaxValueValidator(MAX_INTEGER))
    if field.min_value is None or field.min_value < -MAX_INTEGER - 1:
        field.min_value = -MAX_INTEGER - 1
        field.validators.append(validators.MinValueValidator(-MAX_INTEGER - 1))
    _name_in_message(field, "invalid", f"Enter the {name} as a whole number, like 12")
    _name_in_message(field, "max_value", f"The {name} must be %(limit_value)s or less")
    _name_in_message(field, "min_value", f"The {name} must be %(limit_value)s or more")


class GovukFormMixin:
    """Renders a form with the GOV.UK template pack. Pages supply the <form> tag, the error
    summary and the button, so every form page reads the same.

    It also makes Django's defaults GOV.UK-shaped: radios have no empty "---------" choice,
    numbers are text inputs with a numeric keyboard (as the Design System advises), and every
    input with an error gets the red border."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                _bound_number(field)
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                field.choices = [c for c in field.choices if c[0] != ""]
            elif isinstance(widget, forms.NumberInput):
                decimal = isinstance(field, forms.DecimalField | forms.FloatField)
                field.widget = forms.TextInput(
                    attrs={
                        "inputmode": "decimal" if decimal else "numeric",
                        "spellcheck": "false",
                        "class": "govuk-input--width-5",
                    }
                )
        self.build_helper()

    def build_helper(self) -> None:
        """(Re)build the layout from the form's fields: forms that add fields after __init__
        call it again."""
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def full_clean(self):
        for field in self.fields.values():  # fields added after __init__ are bounded too
            if isinstance(field, forms.IntegerField):
                _bound_number(field)
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            for widget_class, css in _ERROR_CLASS.items():
                if type(field.widget) is widget_class:
                    classes = field.widget.attrs.get("class", "")
                    if css not in classes.split():
                        field.widget.attrs["class"] = f"{classes} {css}".strip()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
