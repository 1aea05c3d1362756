from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.ui.forms import DesignSystemForm


class CodeForm(DesignSystemForm):
    code = forms.CharField(
        label=_("Kode"),
        max_length=16,
        help_text=_("De 6 cifre, som din godkendelses-app viser."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
