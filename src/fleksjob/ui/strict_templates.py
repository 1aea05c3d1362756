"""Test mode: an undefined variable in one of fleksjob's templates is an error wherever it is read.

Django's ``string_if_invalid`` (set in test settings) only catches variables that are printed;
``{% if %}``, ``{% for %}`` and the other tags resolve with ``ignore_failures`` and quietly see
``None``, so a misspelt name hides a whole branch. This hook raises there too. Django's own
templates (admin, form widgets) keep their lenient behaviour: they rely on it.
"""

from __future__ import annotations

import copy
from pathlib import Path

from django.template.base import UNKNOWN_SOURCE, FilterExpression, VariableDoesNotExist

PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
_lenient_resolve = FilterExpression.resolve


class UndefinedTemplateVariable(BaseException):
    """A template read a variable that the context does not define.

    A BaseException, like KeyboardInterrupt, because the operators of ``{% if %}`` (``not``,
    ``and``, ``==``, ...) turn any Exception into False, which would hide it again."""


def _name(template) -> str:
    return str(getattr(getattr(template, "origin", None), "name", UNKNOWN_SOURCE))


def _is_ours(context) -> bool:
    """The page (the template rendered first) or the template now rendering is fleksjob's. Blocks
    of a template that extends another render in the parent's state, hence both."""
    for name in (_name(context.template), _name(context.render_context.template)):
        # A template made from a string (in a test) is checked too.
        if name == UNKNOWN_SOURCE or name.startswith(PACKAGE_DIR):
            return True
    return False


def _strict_resolve(self: FilterExpression, context, ignore_failures: bool = False):
    if not (
        self.is_var
        and context.template is not None
        # Django's debug pages use an engine of their own, without string_if_invalid.
        and context.template.engine.string_if_invalid
        and _is_ours(context)
    ):
        return _lenient_resolve(self, context, ignore_failures)
    try:
        value = self.var.resolve(context)
    except VariableDoesNotExist:
        # Names only: the context holds personal data, which stays out of errors.
        page = _name(context.template).removeprefix(PACKAGE_DIR)
        raise UndefinedTemplateVariable(
            f"undefined template variable {self.token!r} on the page {page}"
        ) from None
    # The filters are applied by Django's own code to the value already found (resolving twice
    # would call a callable twice and double the queries the query-count tests measure).
    resolved = copy.copy(self)
    resolved.is_var, resolved.var = False, value
    return _lenient_resolve(resolved, context, ignore_failures)


def install() -> None:
    """Make undefined variables fail in fleksjob's templates (called in test mode only)."""
    FilterExpression.resolve = _strict_resolve
