from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from fleksjob.ui.forms import DesignSystemForm

KIND_CHOICES = {
    "citizens": _("Borgere"),
    "employers": _("Virksomheder"),
    "positions": _("Stillinger"),
}


class ImportForm(DesignSystemForm):
    kind = forms.ChoiceField(label=_("Hvad importeres"))
    file = forms.FileField(
        label=_("Fil (CSV eller Excel .xlsx)"),
        help_text=_("Første række er kolonneoverskrifterne; se skabelonen."),
    )

    def __init__(self, *args, kinds: list[str], max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, KIND_CHOICES[k]) for k in kinds]
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("Filen er større end %(limit)s MB; del den op."),
                # "2,5 MB" in Danish: the number in the page's language.
                params={
                    "limit": number_format(
                        Decimal(f"{self.max_bytes / 1_000_000:g}"), use_l10n=True
                    )
                },
            )
        return upload
