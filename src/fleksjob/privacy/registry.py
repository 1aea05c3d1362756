"""The registry of personal data: every installed app's ``personal_data.MODELS``, collected at
run time from the app configs (so privacy imports no app above it), and checked against the
models (docs/personal-data.md).

Apps without models need no module; the third-party apps' models are declared by privacy's own
``personal_data.py``.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from fleksjob.core.personal_data import Action, Field, Model, Section


@cache
def declarations() -> dict[str, Model]:
    """Every declared model by label ("citizens.Citizen"), in the order of INSTALLED_APPS."""
    return {label: declared for label, (declared, _) in _collect().items()}


@cache
def _collect() -> dict[str, tuple[Model, str]]:
    """Each declaration with the app (its config's name) whose module declares it."""
    found: dict[str, tuple[Model, str]] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.personal_data"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        for declared in module.MODELS:
            if declared.label in found:
                raise ImproperlyConfigured(f"{declared.label} is declared twice ({name})")
            found[declared.label] = (declared, config.name)
    return found


def model_class(declared: Model) -> type[models.Model]:
    return apps.get_model(declared.label)


def problems() -> list[str]:
    """Every mismatch between the declarations and the models: an undeclared model or field, a
    declared one that does not exist, and the declarations' own inconsistencies. Empty when all
    is well (the test in tests/web/test_personal_data.py holds the code to that)."""
    declared = declarations()
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if label not in declared:
            found.append(
                f"{label}: not declared (add it to {model._meta.app_config.name}"
                ".personal_data.MODELS)"
            )
            continue
        names = {f.name for f in model._meta.concrete_fields}
        given = [f.name for f in declared[label]]
        found += [f"{label}.{n}: not declared" for n in sorted(names - set(given))]
        found += [f"{label}.{n}: declared but no such field" for n in sorted(set(given) - names)]
        item = declared[label]
        for path in (*item.mentions, *([item.citizen] if item.citizen else [])):
            found += _path_problems(model, label, path)
        if item.citizen == "" and label != "citizens.Citizen":
            found.append(f"{label}: only the citizen itself has the empty path")
        if item.generic and not set(item.generic) <= names:
            found.append(f"{label}: generic fields {item.generic!r} do not exist")
        if item.select and not hasattr(model._default_manager, item.select):
            found.append(f"{label}: no queryset method {item.select!r}")
    for label, (_, source) in _collect().items():
        owner = apps.get_app_config(label.split(".")[0]).name if label in declared_models() else ""
        if owner.startswith("fleksjob.") and owner != source:
            found.append(f"{label}: declared in {source}, not in its own app {owner}")
    installed = {m._meta.label for m in apps.get_models()}
    found += [
        f"{label}: declared but no such model" for label in declared if label not in installed
    ]
    for item in declared.values():
        found += item.problems()
    return found


def declared_models() -> set[str]:
    """The labels of the installed models."""
    return {m._meta.label for m in apps.get_models()}


def _path_problems(model: type[models.Model], label: str, path: str) -> list[str]:
    """A path must lead from the model to citizens.Citizen."""
    current = model
    for step in path.split("__"):
        try:
            current = current._meta.get_field(step).related_model
        except Exception:
            return [f"{label}: path {path!r} does not resolve"]
        if current is None:
            return [f"{label}: path {path!r} does not resolve"]
    if current._meta.label != "citizens.Citizen":
        return [f"{label}: path {path!r} leads to {current._meta.label}, not a citizen"]
    return []


def sections() -> list[tuple[Section, Model]]:
    """The models an access request exports, in the order of their sections."""
    found = [(d.section, d) for d in declarations().values() if d.section is not None]
    return sorted(found, key=lambda pair: pair[0].order)


def with_action(action: Action) -> list[tuple[Model, list[Field]]]:
    """The declared models with at least one field of ``action``, and those fields."""
    found = []
    for declared in declarations().values():
        fields = [f for f in declared if f.action is action]
        if fields:
            found.append((declared, fields))
    return found


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) holding ciphertext under the field keys (key rotation)."""
    return [(model_class(d), f.name) for d in declarations().values() for f in d if f.encrypted]
