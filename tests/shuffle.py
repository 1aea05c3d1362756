"""Unordered querysets come back in random order in tests.

A query with no ORDER BY returns rows in whatever order the database finds convenient, which is
usually insertion order on a small test database, so code that depends on it passes its tests and
fails in production. While this is installed, a SELECT whose ordering is left to the database
(neither ``order_by`` nor ``Meta.ordering``) gets ``ORDER BY RANDOM()``.
"""

from __future__ import annotations

from django.db.models.expressions import OrderBy
from django.db.models.functions import Random
from django.db.models.sql.compiler import SQLCompiler

_get_order_by = SQLCompiler.get_order_by


def _shuffles(compiler: SQLCompiler) -> bool:
    query = compiler.query
    return (
        # A plain SELECT: not an insert, update, delete or aggregate over a subquery.
        type(compiler).__name__ == "SQLCompiler"
        # Django clears the default ordering itself where order cannot matter: count(),
        # exists(), get(), aggregate() and subqueries. `order_by()` with no fields clears it too.
        and query.default_ordering
        and not query.subquery
        # An ORDER BY must name selected columns under DISTINCT (PostgreSQL), and is not
        # allowed inside the parts of a UNION (SQLite).
        and not query.distinct
        and not query.combinator
    )


def _get_order_by_or_random(self: SQLCompiler):
    order_by = _get_order_by(self)
    if order_by or not _shuffles(self):
        return order_by
    random = OrderBy(Random()).resolve_expression(self.query, allow_joins=True, reuse=None)
    sql, params = self.compile(random)
    return [(random, (sql, params, False))]


def install() -> None:
    SQLCompiler.get_order_by = _get_order_by_or_random


def uninstall() -> None:
    SQLCompiler.get_order_by = _get_order_by
