"""The transaction every write function owns, and its side effects after the commit.

A write function (one per use case) is decorated with :func:`write`. Called at the top level (a
view, an API handler, a command, a task), it opens a *durable* transaction: the function's rows,
locks and audit events are committed together when it returns, or none of them are. A caller
that wraps it in its own ``transaction.atomic()`` gets a ``RuntimeError``: callers translate,
they do not hold transactions (use :func:`batch` to group writes). Called from inside another
write function or a :func:`batch`, it joins the transaction that is open: the outermost one
decides.

Side effects that must not happen for a write that is rolled back (a cache to refresh, a task to
start, an e-mail) go through :func:`after_commit`; they run once the outermost transaction has
committed, and never if it rolls back.

``docs/writes.md`` describes the contract.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from fleksjob.core.errors import DomainError, InvalidField, RowRefused

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

# How many write functions (or batches) are open in this thread or task; 0 outside any.
_DEPTH: ContextVar[int] = ContextVar("write_depth", default=0)


@contextmanager
def _owned() -> Iterator[None]:
    depth = _DEPTH.get()
    token = _DEPTH.set(depth + 1)
    try:
        if depth:
            yield  # inside another write: join its transaction
        else:
            with transaction.atomic(durable=True):
                yield
    finally:
        _DEPTH.reset(token)


def write(func: Callable[P, R]) -> Callable[P, R]:
    """Make ``func`` a write function: it runs in its own durable transaction at the top level
    and joins the open one when called from another write function or a batch."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _owned():
            return func(*args, **kwargs)

    return wrapper


@contextmanager
def batch() -> Iterator[None]:
    """Group many writes in one durable transaction: all of them are committed, or none (a
    retention batch; many new records of one kind go through a bulk variant, below). Write
    functions called inside join it; their after-commit effects run once, after the batch
    commits.

        with batch():
            for row in rows:
                register_citizen(user, **row)
    """
    with _owned():
        yield


def in_write() -> bool:
    """True inside a write function or a batch."""
    return _DEPTH.get() > 0


def after_commit(effect: Callable[[], object]) -> None:
    """Run ``effect`` once the write's transaction has committed (never if it rolls back)."""
    transaction.on_commit(effect)


# --- bulk variants of write functions --------------------------------------------------------

CHUNK = 500  # rows per INSERT and per IN (...) lookup of a bulk write


def chunked(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in slices of :data:`CHUNK` (SQLite's and PostgreSQL's parameter limits)."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@contextmanager
def refusing_row(index: int, field: str = "") -> Iterator[None]:
    """Inside a bulk write function: what the single write would refuse this row with becomes
    a RowRefused naming the row (and ``field`` when the refusal names none); the bulk's
    transaction is then rolled back by the write function it propagates through."""
    try:
        yield
    except (DomainError, ValidationError) as exc:
        raise RowRefused(index, exc, "" if hasattr(exc, "error_dict") else field) from None
    except ValueError as exc:  # a malformed value the single write refuses (e.g. InvalidCPR)
        raise RowRefused(index, InvalidField(field, str(exc)), field) from None
