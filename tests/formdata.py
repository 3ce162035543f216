"""Turn a form as a page shows it into the data a browser would post back."""

from django import forms


def post_data(form: forms.BaseForm) -> dict:
    """What a browser posts for an unchanged form: each field's current value, formatted by its widget."""
    data = {}
    for name, bound in form.fields.items():
        bound_field = form[name]
        widget = bound.widget
        value = bound_field.value()
        key = form.add_prefix(name)
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, (sub_widget, part) in enumerate(zip(widget.widgets, parts, strict=False)):
                formatted = sub_widget.format_value(part)
                if formatted not in (None, ""):
                    data[f"{key}_{index}"] = formatted
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            continue
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value if item not in (None, "")]
        elif value not in (None, ""):
            formatted = widget.format_value(value) if isinstance(widget, forms.widgets.Input) else value
            data[key] = str(formatted if formatted is not None else value)
    return data


def read_version(client, url: str) -> dict:
    """The hidden ``version`` an edit page hands out (``core.concurrency``), as its form would post it back."""
    return {"version": client.get(url).context["form"]["version"].value()}
