from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.core.casework.transfer import REASON_MAX, TransferError, clean_reason
from fleksjob.ui.forms import DesignSystemForm


class RefuseForm(DesignSystemForm):
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_("Kort, uden helbredsoplysninger, fx »borgeren er ikke flyttet«."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_reason(self) -> str:
        try:
            return clean_reason(self.cleaned_data["reason"])
        except TransferError as exc:
            raise forms.ValidationError(str(exc)) from None
