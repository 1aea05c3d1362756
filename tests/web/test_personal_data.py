"""The personal-data registry: every concrete field of every model is declared exactly once, in
its own app's ``personal_data.py``, and the declarations are consistent (docs/personal-data.md)."""

from __future__ import annotations

import dataclasses

import pytest
from django.apps import apps

from fleksjob.core.personal_data import Action, Category, Field, Model, Section
from fleksjob.privacy import registry


def test_every_field_of_every_model_is_declared_once():
    found = registry.problems()
    assert not found, "declare them in the app's personal_data.py (docs/personal-data.md):\n" + (
        "\n".join(found)
    )
    declared = registry.declarations()
    for model in apps.get_models():
        names = [f.name for f in declared[model._meta.label]]
        assert sorted(names) == sorted(f.name for f in model._meta.concrete_fields)


def test_every_app_with_models_has_its_own_declarations():
    for config in apps.get_app_configs():
        if config.name.startswith("fleksjob.") and list(config.get_models()):
            module = __import__(f"{config.name}.personal_data", fromlist=["MODELS"])
            labels = {m.label for m in module.MODELS}
            assert labels == {m._meta.label for m in config.get_models()}, config.name


@pytest.fixture
def altered(monkeypatch):
    """Swap one declaration (by label) for another, as if an app's module said so."""

    def _alter(label: str, change) -> list[str]:
        declared = dict(registry._collect())
        model, source = declared[label]
        declared[label] = (change(model), source)
        monkeypatch.setattr(registry, "_collect", lambda: declared)
        monkeypatch.setattr(
            registry, "declarations", lambda: {k: v[0] for k, v in declared.items()}
        )
        return registry.problems()

    return _alter


def test_a_new_field_without_a_declaration_is_found(altered):
    # As if citizens.Citizen had gained a field nobody declared.
    found = altered(
        "citizens.Citizen",
        lambda m: dataclasses.replace(m, fields=tuple(f for f in m if f.name != "needs_note")),
    )
    assert found == ["citizens.Citizen.needs_note: not declared"]


def test_a_declaration_of_no_field_or_twice_is_found(altered):
    extra = Field("favourite_colour", Category.CASE)
    found = altered(
        "employment.HoursChange",
        lambda m: dataclasses.replace(m, fields=(*m.fields, extra, m.fields[0])),
    )
    assert "employment.HoursChange.favourite_colour: declared but no such field" in found
    assert "employment.HoursChange.id: declared twice" in found


def test_inconsistent_declarations_are_found(altered):
    def broken(m: Model) -> Model:
        fields = list(m.fields)
        fields[0] = Field(fields[0].name, Category.SPECIAL, Action.REPLACE, export=True)
        return dataclasses.replace(m, fields=tuple(fields), citizen="employer__municipality")

    found = altered("employers.ContactLogEntry", broken)
    assert "employers.ContactLogEntry.id: exported without a Danish and an English label" in found
    assert "employers.ContactLogEntry.id: REPLACE needs a rule, and only REPLACE has one" in found
    assert any("leads to municipalities.Municipality, not a citizen" in p for p in found)
    assert "employers.ContactLogEntry: fields exported but the model has no section" in found


def test_an_undeclared_model_and_a_stray_declaration_are_found(monkeypatch):
    declared = dict(registry._collect())
    model, source = declared.pop("followup.Reminder")
    declared["followup.Nothing"] = (dataclasses.replace(model, label="followup.Nothing"), source)
    monkeypatch.setattr(registry, "_collect", lambda: declared)
    monkeypatch.setattr(registry, "declarations", lambda: {k: v[0] for k, v in declared.items()})
    found = registry.problems()
    assert any(p.startswith("followup.Reminder: not declared") for p in found)
    assert "followup.Nothing: declared but no such model" in found


def test_special_category_data_is_never_kept_silently():
    for declared in registry.declarations().values():
        for f in declared:
            if f.category is Category.SPECIAL:
                assert f.action is not Action.KEEP or f.why, (declared.label, f.name)


def test_sections_are_ordered_and_unique():
    sections: list[Section] = [s for s, _ in registry.sections()]
    assert [s.key for s in sections][:2] == ["citizen", "approvals"]
    assert len({s.key for s in sections}) == len({s.order for s in sections}) == len(sections)


def test_key_rotation_covers_every_encrypted_column():
    """A column named as ciphertext is declared encrypted (key rotation re-encrypts exactly the
    declared ones), and only such columns are."""
    named = {
        (m._meta.label, f.name)
        for m in apps.get_models()
        for f in m._meta.concrete_fields
        if "encrypted" in f.name
    }
    declared = {(m._meta.label, name) for m, name in registry.encrypted_fields()}
    assert declared == named
    assert ("transfers.CaseTransfer", "cpr_encrypted") in declared


def test_the_inventory_command_lists_every_personal_field():
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("personal_data", "--personal", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        "| citizens.Citizen | needs | special | erase | skånehensyn / accommodation needs "
        "(skånehensyn) |" in lines
    )
    assert (
        "| citizens.Citizen | birth_date | identifier | replace (year_only) | fødselsdato / "
        "date of birth |" in lines
    )
    assert not any("| municipalities.Region |" in line for line in lines)
    personal = sum(
        f.category is not Category.NOT_PERSONAL for d in registry.declarations().values() for f in d
    )
    assert len(lines) == 2 + personal
