"""Everything the system holds about one citizen, for an access request (GDPR art. 15,
"indsigtsanmodning"): the profile with the CPR number, the case and its history, benefit spells,
employments and hours, follow-up plans and meetings, placements, batch match results and the
audit log of who accessed the record.

What is exported is the apps' declaration (their ``personal_data.py``, collected by
``fleksjob.privacy.registry``): each model with a section is one flat list of rows (related rows
point to each other by id), with every field declared exportable, under its Danish and English
label. tests/web/test_personal_data.py holds every field of every model to a declaration, and
tests/web/test_access_request.py every model that holds a citizen to a section or a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from fleksjob.audit.log import record
from fleksjob.audit.models import Action, channel_label
from fleksjob.citizens.protection import protector
from fleksjob.core.matching.competences import COMPETENCES
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES
from fleksjob.core.personal_data import Field
from fleksjob.core.personal_data import Model as Declared
from fleksjob.core.personal_data import Section as Heading
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.privacy import registry
from fleksjob.reference import isco_title_in

FORMAT = "fleksjob-indsigt/1"


def _english() -> bool:
    return (get_language() or "da").startswith("en")


def label(pair: Heading | Field) -> str:
    """The Danish or the English label, by the active language."""
    return pair.label_en if _english() else pair.label_da


@dataclass(frozen=True)
class Section:
    heading: Heading
    declared: Declared
    model: type[models.Model]

    @property
    def key(self) -> str:
        return self.heading.key

    @property
    def title(self) -> str:
        return label(self.heading)

    @property
    def fields(self) -> list[Field]:
        """The exported fields in the model's order; values exported under another key (the
        decrypted CPR) last."""
        order = {f.name: n for n, f in enumerate(self.model._meta.concrete_fields)}
        exported = [f for f in self.declared if f.export]
        return sorted(exported, key=lambda f: (bool(f.export_as), order[f.name]))

    def rows(self, citizen: models.Model) -> models.QuerySet:
        manager = self.model._default_manager
        if self.declared.select:
            # Under every id the record had (a case transfer merges records).
            ids = (citizen.pk, *(citizen.merged_from or []))
            rows = getattr(manager, self.declared.select)(*ids)
        else:
            rows = manager.filter(**{self.declared.citizen or "pk": citizen.pk})
        return rows.order_by(*self.heading.order_by) if self.heading.order_by else rows


def sections() -> list[Section]:
    """The access request's sections, in order."""
    return [Section(h, d, registry.model_class(d)) for h, d in registry.sections()]


def _vocabulary(name: str, key: str) -> str:
    english = _english()
    if name == "needs":
        item = ACCOMMODATIONS.get(key)
        return key if item is None else (item.label_en if english else item.label_da)
    if name == "occupations":
        # An ILO title DST has no Danish title for is marked as English on a Danish page.
        title, language = isco_title_in(key, "en" if english else "da")
        return format_html('{} <span lang="{}">{}</span>', key, language, title)
    vocabularies = {"sectors": SECTORS, "task_types": TASK_TYPES, "competences": COMPETENCES}
    pair = vocabularies[name].get(key)
    return key if pair is None else pair[english]


def _value_labels(section: Section) -> dict[str, dict[str, dict[str, str]]]:
    """Per exported field with coded values (choices, or a list of a vocabulary's keys): each
    code's label in Danish and English, so that the JSON file reads without a code book."""
    from django.utils import translation

    out: dict[str, dict[str, dict[str, str]]] = {}
    for declared in section.fields:
        field = section.model._meta.get_field(declared.name)
        codes: dict[str, dict[str, str]] = {}
        if field.choices:
            for code, label in field.flatchoices:
                if code not in (None, ""):
                    pair = {}
                    for language in ("da", "en"):
                        with translation.override(language):
                            pair[language] = str(label)
                    codes[str(code)] = pair
        elif declared.vocabulary == "needs":
            codes = {k: {"da": a.label_da, "en": a.label_en} for k, a in ACCOMMODATIONS.items()}
        elif declared.vocabulary in ("sectors", "task_types", "competences"):
            table = {"sectors": SECTORS, "task_types": TASK_TYPES, "competences": COMPETENCES}[
                declared.vocabulary
            ]
            codes = {k: {"da": da, "en": en} for k, (da, en) in table.items()}
        if codes:
            out[declared.export_key] = codes
    return out


def _object_type(name: str) -> str:
    """The audit log's object type (a model's class name) as the model's name in the page's
    language ("borger" for ``Citizen``); an unknown name as it is."""
    from django.apps import apps

    for model in apps.get_models():
        if model.__name__ == name:
            return str(model._meta.verbose_name)
    return name


def _value(obj: models.Model, declared: Field, field: models.Field, *, human: bool) -> Any:
    if declared.encrypted:
        # The only ciphertext is a CPR number: shown decrypted, never the token.
        return str(cpr_rules.parse(protector().decrypt(field.value_from_object(obj))))
    if field.is_relation:
        target = getattr(obj, field.name)
        if target is None:
            return None
        if isinstance(target, get_user_model()):
            return target.get_username()
        if target._meta.label == "employers.Employer":
            return f"{target.name} (CVR {target.cvr})" if human else target.cvr
        if target._meta.label == "employers.Position":
            return target.title if human else target.pk
        return target.pk
    value = field.value_from_object(obj)
    if human and obj._meta.label in ("audit.AuditEvent", "audit.AccessChange") and value:
        # Codes the audit log keeps without choices: where an action came from, and on what.
        if field.name == "channel":
            return channel_label(value)
        if field.name == "object_type":
            return _object_type(value)
        if field.name == "detail":  # written by the system in Danish: marked as such
            return format_html('<span lang="da">{}</span>', value)
    if human and field.choices and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    if human and isinstance(value, list):
        items = [_vocabulary(declared.vocabulary, v) if declared.vocabulary else v for v in value]
        return mark_safe(", ".join(conditional_escape(item) for item in items))  # noqa: S308
    return value


def _rows(section: Section, citizen: models.Model, *, human: bool) -> list[dict[str, Any]]:
    fields = [(f, section.model._meta.get_field(f.name)) for f in section.fields]
    related = [field.name for _, field in fields if field.is_relation]
    return [
        {d.export_key: _value(obj, d, field, human=human) for d, field in fields}
        for obj in section.rows(citizen).select_related(*related)
    ]


def collect(citizen: models.Model, *, human: bool = False) -> dict[str, Any]:
    """Every section's rows; ``human`` shows choice labels and names instead of codes and ids.
    ``labels`` gives each section's title and each exported key's label in both languages, and
    under ``values`` the label of every code a coded field can hold (choices, skånehensyn,
    sectors, task types)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "municipality": citizen.municipality_id,
    }
    labels = {}
    for section in sections():
        data[section.key] = _rows(section, citizen, human=human)
        labels[section.key] = {
            "title": {"da": section.heading.label_da, "en": section.heading.label_en},
            "fields": {f.export_key: {"da": f.label_da, "en": f.label_en} for f in section.fields},
            "values": _value_labels(section),
        }
    data["labels"] = labels
    return data


def tables(citizen: models.Model) -> list[dict[str, Any]]:
    """The sections for the printable page: title, column labels and rows of display values."""
    out = []
    for section in sections():
        names = [f.export_key for f in section.fields]
        labels = [label(f) for f in section.fields]
        rows = [[row[n] for n in names] for row in _rows(section, citizen, human=True)]
        profile = section.declared.citizen == ""  # the citizen's own row
        out.append(
            {
                "key": section.key,
                "title": section.title,
                "columns": labels,
                "rows": rows,
                # The profile reads better (and prints) as label: value pairs.
                "pairs": list(zip(labels, rows[0], strict=True)) if profile else [],
            }
        )
    return out


def export_for_access_request(user, citizen: models.Model, fmt: str) -> dict[str, Any] | list:
    """The export as JSON data (``fmt="json"``) or page tables (``"html"``); audited first, so
    the export itself shows in its access log."""
    record(user, Action.EXPORT, citizen, citizen=citizen, detail=f"indsigtsanmodning ({fmt})")
    return collect(citizen) if fmt == "json" else tables(citizen)


def file_name(citizen: models.Model, today: dt.date) -> str:
    # The record id and a date only: names and CPR numbers stay out of file names.
    return f"indsigt-borger-{citizen.pk}-{today:%Y-%m-%d}.json"
