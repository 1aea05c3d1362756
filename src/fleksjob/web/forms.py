from django import forms


class DesignSystemMixin:
    """Adds the DKFDS classes to every widget, so templates can render fields as they are.
    Checkboxes keep none: the design system styles them through their labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs.setdefault("class", css)


class DesignSystemForm(DesignSystemMixin, forms.Form):
    pass


class DesignSystemModelForm(DesignSystemMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    """The browser's date picker; it needs the ISO format whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
