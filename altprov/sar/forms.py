from django import forms

CHANGED = "The record has changed since this list was made: check the list again"


class RedactionForm(forms.Form):
    """One checkbox per item that may need redacting: ticked is redacted (or, for a document,
    left out), unticked is kept."""

    redact = forms.MultipleChoiceField(
        label="What to redact", required=False, error_messages={"invalid_choice": CHANGED}
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["redact"].choices = [(i.key, i.label) for i in items]

    def ticked(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("redact"))
        return set(self.initial.get("redact", []))

    def groups(self, groups):
        ticked = self.ticked()
        return [
            {
                "key": key,
                "title": title,
                "items": [(i, i.key in ticked) for i in self.items if i.group == key],
            }
            for key, title in groups
        ]
