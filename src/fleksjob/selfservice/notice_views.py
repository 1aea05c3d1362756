"""*Besked på e-mail* (``/mit-fleksjob/besked-paa-email/``): the citizen chooses whether they get
an e-mail when something new waits for them on Mit fleksjob, and to which address; they change
it or turn it off at any time (turning it off erases the address). The address is shown on this
page only, never in a URL, a log line or an audit detail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.notices import EMAIL_MAX, notice_setting, set_notice_email
from fleksjob.core.errors import InvalidField, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.selfservice.access import citizen_required
from fleksjob.ui.forms import DesignSystemForm


class NoticeForm(DesignSystemForm):
    """The address to send notices to (``action=save``), or none (``action=off``)."""

    email = forms.EmailField(
        label=gettext_lazy("Din e-mailadresse"),
        help_text=gettext_lazy("For eksempel navn@eksempel.dk"),
        max_length=EMAIL_MAX,
        required=False,
    )
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)
    action = forms.ChoiceField(choices=[("save", "save"), ("off", "off")], widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["email"].widget.attrs
        attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def clean(self):
        data = super().clean()
        if data.get("action") == "save" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Skriv den e-mailadresse, du vil have besked på."))
        return data


@citizen_required
def notices(request):
    citizen = request.citizen
    setting = notice_setting(citizen)
    initial = {"email": setting.email, "version": version_of(setting), "action": "save"}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        off = form.cleaned_data["action"] == "off"
        try:
            set_notice_email(
                request.user,
                citizen,
                "" if off else form.cleaned_data["email"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion:
            setting = notice_setting(citizen)  # shown as it is now, with its version
            form.data = form.data.copy()
            form.data["version"] = version_of(setting)
            form.add_error(None, _("Dine oplysninger er ændret, siden du åbnede siden. Prøv igen."))
        except InvalidField:
            form.add_error(
                "email", _("Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk.")
            )
        else:
            if off:
                messages.success(request, _("Du får ikke længere besked på e-mail."))
            else:
                messages.success(request, _("Gemt. Du får besked på e-mail, når der er nyt."))
            return redirect("selfservice:notices")
    if request.method == "GET":
        record(
            request.user, Action.VIEW, citizen, citizen=citizen, detail="borger: besked på e-mail"
        )
    context = {"form": form, "setting": setting}
    return render(
        request, "selfservice/notices.html", context, status=422 if form.is_bound else 200
    )
