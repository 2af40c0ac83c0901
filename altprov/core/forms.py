from crispy_forms_gds.helper import FormHelper
from django import forms

# Error borders crispy-forms-gds does not add for these widgets.
_ERROR_CLASS = {
    forms.Select: "govuk-select--error",
    forms.EmailInput: "govuk-input--error",
    forms.PasswordInput: "govuk-input--error",
    forms.URLInput: "govuk-input--error",
}


class GovukFormMixin:
    """Renders a form with the GOV.UK template pack. Pages supply the <form> tag, the error
    summary and the button, so every form page reads the same.

    It also makes Django's defaults GOV.UK-shaped: radios have no empty "---------" choice,
    numbers are text inputs with a numeric keyboard (as the Design System advises), and every
    input with an error gets the red border."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
