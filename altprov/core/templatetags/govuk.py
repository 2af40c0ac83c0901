from django import forms, template

register = template.Library()


@register.filter
def error_anchor(field) -> str:
    """The id the error summary links to: the input itself, the first of a date's three inputs,
    or the first radio or checkbox (crispy-forms-gds numbers those from 1)."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id
