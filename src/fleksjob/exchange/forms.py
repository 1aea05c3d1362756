from decimal import Decimal
from pathlib import Path

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from fleksjob.ui.forms import DesignSystemForm


def _megabytes(size: int) -> str:
    """An upload limit in MB as the page's language writes it ("2,5" in Danish)."""
    return number_format(Decimal(f"{size / 1_000_000:g}"), use_l10n=True)


KIND_CHOICES = {
    "citizens": _("Borgere"),
    "employers": _("Virksomheder"),
    "positions": _("Stillinger"),
}


class _UploadForm(DesignSystemForm):
    """A form with a ``file`` of at most ``max_bytes``."""

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("Filen er større end %(limit)s MB; del den op."),
                params={"limit": _megabytes(self.max_bytes)},
            )
        return upload


class ImportForm(_UploadForm):
    kind = forms.ChoiceField(label=_("Hvad importeres"))
    file = forms.FileField(
        label=_("Fil (CSV eller Excel .xlsx)"),
        help_text=_("Første række er kolonneoverskrifterne; se skabelonen."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, KIND_CHOICES[k]) for k in kinds]


class JobindsatsForm(_UploadForm):
    table = forms.RegexField(
        label=_("Tabel i Jobindsats"),
        regex=r"^[A-Za-z]\d{2}[A-Za-z]\d{2}$",
        max_length=6,
        help_text=_("Tabellens id, fx Y08A02 (fleksjob) eller Y09A02 (ledighedsydelse)."),
        error_messages={"invalid": _("Skriv tabellens id som fx Y08A02.")},
    )
    file = forms.FileField(
        label=_("Fil fra Jobindsats (.json, .csv eller .xlsx)"),
        help_text=_("Et gemt svar fra Jobindsats' API eller en download fra jobindsats.dk."),
    )

    def clean_file(self):
        upload = super().clean_file()
        if Path(upload.name).suffix.lower() not in (".json", ".csv", ".xlsx"):
            raise forms.ValidationError(_("Filen skal være .json, .csv eller .xlsx."))
        return upload
