"""The vocabulary in which every app declares the personal data its models hold.

Each app with models has a ``personal_data.py`` whose ``MODELS`` declares every concrete field of
every model once: what kind of data it is (:class:`Category`), what anonymising a citizen does to
it (:class:`Action`), and whether an access request exports it, under which Danish and English
label. ``fleksjob.privacy.registry`` collects the declarations; anonymisation, the access-request
export and key rotation are derived from them, and a test holds them to the models
(docs/personal-data.md). Pure Python: models are named by their label ("citizens.Citizen").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """What a field holds, for the record of processing and the rules below."""

    IDENTIFIER = "identifier"  # names a person directly: CPR, name, user name
    CONTACT = "contact"  # reaches a person: e-mail, phone
    SPECIAL = "special"  # GDPR art. 9 (health): skånehensyn, diagnoses, their notes
    FREE_TEXT = "free_text"  # typed by staff; may name or describe a person
    CASE = "case"  # ordinary facts of a person's case: dates, status, hours, wage
    KEY = "key"  # pseudonymous: ids, foreign keys, keyed hashes pointing at a person or row
    NOT_PERSONAL = "not_personal"  # about no person (or only about staff's own system use)


class Action(StrEnum):
    """What anonymising a citizen does to the field on the rows that belong to them."""

    KEEP = "keep"  # stays (case facts the benchmarking indicators read, keys, non-personal)
    ERASE = "erase"  # blanked: "", [], None or False (the field's empty value)
    REPLACE = "replace"  # replaced by a named rule (``replace``): a coarser or marker value
    REDACT = "redact"  # the citizen's name is cut out of the text (``redact`` names how)


# The named replacements and redactions fleksjob.privacy.anonymise implements.
REPLACEMENTS = {
    "year_only": "the date keeps only its year (1 July)",
    "municipality_centre": "the municipality's centre instead of the citizen's location",
    "anonymised_marker": "a unique marker that is never a lookup hash",
}
REDACTIONS = {
    "name": "the citizen's first and last name are replaced by a placeholder",
    "name_or_delete": "a row whose own name names the citizen is deleted",
    "name_search": "a saved search that finds the citizen by name is cleared",
}

# Controlled vocabularies whose keys the access request shows by their labels.
VOCABULARIES = {
    "needs": "the skånehensyn taxonomy (core/matching/taxonomy.py)",
    "sectors": "sectors (core/matching/vocabulary.py)",
    "task_types": "task types (core/matching/vocabulary.py)",
    "competences": "competences (core/matching/competences.py)",
    "occupations": "DISCO-08 codes with their titles (fleksjob.reference)",
}

PERSONAL = frozenset(Category) - {Category.NOT_PERSONAL}


@dataclass(frozen=True)
class Field:
    """One concrete model field (its ``name``, as in ``Model._meta``)."""

    name: str
    category: Category
    action: Action = Action.KEEP
    label_da: str = ""  # the access request's column label; required when exported
    label_en: str = ""
    export: bool = False
    replace: str = ""  # a key of REPLACEMENTS when ``action`` is REPLACE
    redact: str = ""  # a key of REDACTIONS when ``action`` is REDACT
    encrypted: bool = False  # ciphertext under FLEKSJOB_FIELD_KEYS (key rotation re-encrypts)
    export_as: str = ""  # the export's key when not the field name (a decrypted value)
    vocabulary: str = ""  # a key of VOCABULARIES: the value is a list of its keys
    why: str = ""  # why a personal field is kept, or not exported (for the reader)

    @property
    def export_key(self) -> str:
        return self.export_as or self.name

    def problems(self) -> list[str]:
        found = []
        if self.export and not (self.label_da and self.label_en):
            found.append("exported without a Danish and an English label")
        if (self.action is Action.REPLACE) != bool(self.replace):
            found.append("REPLACE needs a rule, and only REPLACE has one")
        if self.replace and self.replace not in REPLACEMENTS:
            found.append(f"unknown replacement {self.replace!r}")
        if (self.action is Action.REDACT) != bool(self.redact):
            found.append("REDACT needs a rule, and only REDACT has one")
        if self.redact and self.redact not in REDACTIONS:
            found.append(f"unknown redaction {self.redact!r}")
        if self.vocabulary and self.vocabulary not in VOCABULARIES:
            found.append(f"unknown vocabulary {self.vocabulary!r}")
        if self.category is Category.NOT_PERSONAL and self.action is not Action.KEEP:
            found.append("non-personal data is kept")
        if self.category is Category.SPECIAL and self.action is Action.KEEP and not self.why:
            found.append("special-category data kept without a reason")
        return found


def field(
    name: str,
    category: Category,
    action: Action = Action.KEEP,
    label: tuple[str, str] | None = None,
    **kw,
) -> Field:
    """A field exported under ``label`` (Danish, English); without a label it is not exported."""
    if label is None:
        return Field(name, category, action, **kw)
    return Field(name, category, action, label[0], label[1], export=True, **kw)


# The keys most models share, exported under the same labels wherever they appear.
ROW_ID = field("id", Category.KEY, label=("løbenummer", "id"))
CITIZEN_KEY = field("citizen", Category.KEY, label=("borger", "citizen"))
APPROVAL_KEY = field("approval", Category.KEY, label=("visitation", "approval"))


@dataclass(frozen=True)
class Section:
    """Where a model's rows appear in an access request: the key in the JSON export, the
    heading, and the place among the sections (lower first)."""

    key: str
    label_da: str
    label_en: str
    order: int
    order_by: tuple[str, ...] = ()  # the rows' order when not the model's own


@dataclass(frozen=True)
class Model:
    """One model's declaration.

    ``citizen`` is the ORM path from the model to the citizen whose rows these are ("" for the
    citizen itself, "citizen", "approval__citizen"); None when no row belongs to one citizen.
    ``select`` instead names a queryset method that takes the citizen's ids (every id the
    record had; a case transfer merges records). ``mentions`` are paths to the citizens whose
    name the rows' free text may hold (a consultant's note on an employer): REDACT applies there.
    ``section`` puts the rows in the access request.
    """

    label: str  # "app_label.ModelName"
    fields: tuple[Field, ...]
    citizen: str | None = None
    select: str = ""
    mentions: tuple[str, ...] = ()
    # (content-type field, object-id field) of rows about any record (the admin's change log):
    # those about the citizen may name them, and REDACT applies there too.
    generic: tuple[str, str] | tuple[()] = ()
    section: Section | None = None
    why: str = ""  # for the reader: why the rows are kept or not exported

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __getitem__(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def belongs_to_citizen(self) -> bool:
        return self.citizen is not None or bool(self.select)

    def problems(self) -> list[str]:
        found = [f"{self.label}.{f.name}: {p}" for f in self.fields for p in f.problems()]
        names = [f.name for f in self.fields]
        found += [
            f"{self.label}.{n}: declared twice" for n in sorted({*names}) if names.count(n) > 1
        ]
        if self.section is not None and not self.belongs_to_citizen:
            found.append(f"{self.label}: exported but has no path to the citizen")
        actions = {f.action for f in self.fields}
        if actions & {Action.ERASE, Action.REPLACE} and self.citizen is None:
            found.append(f"{self.label}: erased or replaced but has no path to the citizen")
        if Action.REDACT in actions and not (self.mentions or self.generic):
            found.append(f"{self.label}: redacted but has no path to the citizens it mentions")
        if self.section is None and any(f.export for f in self.fields):
            found.append(f"{self.label}: fields exported but the model has no section")
        return found
