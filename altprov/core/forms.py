from crispy_forms_gds.helper import FormHelper
from django import forms


class GovukFormMixin:
    """Renders a form with the GOV.UK template pack. Pages supply the <form> tag, the error
    summary (`{% error_summary form %}`) and the button, so every form page reads the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
