from django import forms

from .uploads import ACCEPTED, check_upload


class EvidenceField(forms.FileField):
    """A GOV.UK file upload that accepts only what `evidence_store` will keep, checked by content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"A {ACCEPTED} file")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.doc,.docx,.png,.jpg,.jpeg,.gif")

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "read"):
            check_upload(value)
        return value
