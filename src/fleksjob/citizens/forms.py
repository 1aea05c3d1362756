from django import forms
from django.utils.translation import gettext_lazy as _

from fleksjob.citizens.models import CaseStatus, Citizen, ConsentItemChoice, Goal
from fleksjob.citizens.ownership import assignable
from fleksjob.core.matching.competences import COMPETENCES
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS, validate_keys
from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES
from fleksjob.core.records import CITIZEN
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.core.versions import version_of
from fleksjob.reference import is_unit_group
from fleksjob.ui.forms import DesignSystemForm, DesignSystemModelForm
from fleksjob.ui.labels import bilingual


class CaseloadFilter(DesignSystemForm):
    SORTS = [
        ("name", _("Navn")),
        ("-status_since", _("Senest ændret status")),
        ("status_since", _("Længst i nuværende status")),
        ("next_due", _("Næste opfølgning")),
        ("spell_start", _("Længst på ledighedsydelse")),
    ]
    q = forms.CharField(label=_("Navn"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle aktive"))] + [c for c in CaseStatus.choices if c[0] != "ended"],
    )
    goal = forms.ChoiceField(
        label=_("Mål"), required=False, choices=[("", _("Alle")), *list(Goal.choices)]
    )
    hours_from = forms.DecimalField(
        label=_("Timer nu, fra"),
        required=False,
        min_value=0,
        max_value=MAX_WEEKLY_HOURS,
        decimal_places=1,
    )
    hours_to = forms.DecimalField(
        label=_("Timer nu, til"),
        required=False,
        min_value=0,
        max_value=MAX_WEEKLY_HOURS,
        decimal_places=1,
    )
    sort = forms.ChoiceField(label=_("Sortering"), required=False, choices=SORTS)
    owner = forms.ChoiceField(label=_("Sager"), required=False)

    # "owner": whose cases. Caseworkers and consultants start on their own, managers on all; a
    # manager's team view links to one caseworker's ("u<id>", a colleague's user id).
    MINE, QUEUE, ALL = "mine", "unassigned", "all"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = [
            (self.MINE, _("Mine sager")),
            (self.QUEUE, _("Ufordelte sager (køen)")),
            (self.ALL, _("Alle kommunens sager")),
        ]
        if user is not None and getattr(user, "role", "") == "manager":
            choices += [
                (f"u{worker.pk}", _("Sagsbehandler: %(name)s") % {"name": _person(worker)})
                for worker in assignable(user, "caseworker")
            ]
        self.fields["owner"].choices = [("", _("Standard for din rolle")), *choices]

    def owner_default(self) -> str:
        return self.ALL if getattr(self.user, "role", "") == "manager" else self.MINE

    def clean(self):
        data = super().clean()
        low, high = data.get("hours_from"), data.get("hours_to")
        if low is not None and high is not None and low > high:
            self.add_error("hours_to", _("Kan ikke være mindre end »fra«."))
        return data

    def as_stored(self) -> dict:
        """The cleaned filter as JSON-friendly values (for the session and saved filters)."""
        return {k: (str(v) if v is not None else None) for k, v in self.cleaned_data.items()}


def _person(user) -> str:
    """A colleague as pages name them: full name and user name."""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class CprLookupForm(DesignSystemForm):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, strip=True)

    def clean_cpr(self):
        try:
            return cpr_rules.parse(self.cleaned_data["cpr"]).digits
        except cpr_rules.InvalidCPR as exc:
            raise forms.ValidationError(str(exc)) from None


def _vocabulary_choices(vocabulary: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, bilingual(da, en)) for key, (da, en) in vocabulary.items()]


class ProfileForm(DesignSystemModelForm):
    """The citizen's profile as the caseworker keeps it; ``version`` guards against lost updates."""

    record_spec = CITIZEN

    needs = forms.MultipleChoiceField(
        label=_("Skånehensyn"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.key, bilingual(a.label_da, a.label_en)) for a in ACCOMMODATIONS.values()],
    )
    wishes_sectors = forms.MultipleChoiceField(
        label=_("Ønskede brancher"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_vocabulary_choices(SECTORS),
    )
    wishes_task_types = forms.MultipleChoiceField(
        label=_("Ønskede opgavetyper"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_vocabulary_choices(TASK_TYPES),
    )
    competences = forms.MultipleChoiceField(
        label=_("Kompetencer (til opgaver)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_vocabulary_choices(COMPETENCES),
    )
    occupations = forms.CharField(
        label=_("Erhverv (DISCO-08-koder, adskilt af komma)"), required=False, max_length=200
    )
    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Citizen
        fields = [
            "first_name",
            "last_name",
            "education",
            "occupations",
            "skills_text",
            "needs",
            "needs_note",
            "hours_min",
            "hours_capacity",
            "hours_target",
            "max_commute_km",
            "remote_ok",
            "wishes_sectors",
            "wishes_task_types",
            "competences",
            "goal",
            "consent_share_profile",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["occupations"] = ", ".join(self.instance.occupations)
            self.initial["version"] = version_of(self.instance)

    def clean_needs(self) -> list[str]:
        return validate_keys(self.cleaned_data["needs"])

    def clean_occupations(self) -> list[str]:
        codes = [c.strip() for c in self.cleaned_data["occupations"].split(",") if c.strip()]
        for code in codes:
            if not is_unit_group(code):
                raise forms.ValidationError(
                    _("%(code)s er ikke en DISCO-08-enhedsgruppe (fire cifre)."),
                    params={"code": code},
                )
        return sorted(set(codes))

    def clean(self):
        data = super().clean()
        low, now, target = (data.get(k) for k in ("hours_min", "hours_capacity", "hours_target"))
        if None not in (low, now, target):
            if low > now:
                self.add_error("hours_capacity", _("Kan ikke være mindre end mindste timetal."))
            if target < low:
                self.add_error("hours_target", _("Målet kan ikke være under mindste timetal."))
        return data


class NewCitizenForm(ProfileForm):
    """A citizen new to the municipality: the CPR number, the profile and an approximate location
    (the municipality's centre unless told; it sets commute distances in matching). The
    visitation that opens the case is the decision form beside it."""

    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, strip=True)

    class Meta(ProfileForm.Meta):
        fields = ["cpr", *ProfileForm.Meta.fields, "lat", "lon"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        for name in ("lat", "lon"):
            self.fields[name].help_text = _(
                "Omtrentlig bopæl (bruges til transportafstand); kommunens midte som udgangspunkt."
            )

    clean_cpr = CprLookupForm.clean_cpr


# The version itself is checked by the write function (update_profile), under the row lock.
STALE_PROFILE = _(
    "Borgerens oplysninger er ændret af en anden, siden du åbnede siden. "
    "Genindlæs siden og foretag ændringen igen."
)


NOBODY = "-"  # the choice that clears a holder (the case goes to the queue)


def _holder_field(label, choices) -> forms.CharField:
    # A CharField with a select, not a ChoiceField: an unknown name is refused by the write
    # function with its one message (a ChoiceField's message would repeat the posted value).
    return forms.CharField(
        label=label, required=False, max_length=150, widget=forms.Select(choices=choices)
    )


class AssignForm(DesignSystemForm):
    """Who is responsible for a case (or for the selected cases, ``bulk``): the manager's form.

    Values are user names; ``-`` clears; in the bulk form an empty value leaves it as it is."""

    def __init__(self, *args, user, bulk: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [("", _("Uændret"))] if bulk else []
        workers = [(u.username, _person(u)) for u in assignable(user, "caseworker")]
        brokers = [(u.username, _person(u)) for u in assignable(user, "consultant")]
        self.fields["caseworker"] = _holder_field(
            _("Ansvarlig sagsbehandler"),
            [*keep, (NOBODY, _("Ingen (sagen går i køen)")), *workers],
        )
        self.fields["consultant"] = _holder_field(
            _("Fleksjobformidler"), [*keep, (NOBODY, _("Ingen")), *brokers]
        )

    def holders(self) -> dict:
        """The write function's keywords: only the parts the form changes."""
        result = {}
        for name in ("caseworker", "consultant"):
            value = self.cleaned_data.get(name) or ""
            if value == NOBODY:
                result[name] = None
            elif value:
                result[name] = value
        return result


class ConsentForm(DesignSystemForm):
    """The consent items given (checked) and withdrawn (unchecked), from the citizen's version
    the page was drawn from; the caseworker's and the citizen's own page use it."""

    items = forms.MultipleChoiceField(
        label=_("Samtykke til at virksomheder må se"),
        choices=ConsentItemChoice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, citizen: Citizen, given, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("items", sorted(given))
        self.initial.setdefault("version", version_of(citizen))
