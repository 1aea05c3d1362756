"""The write contract (``fleksjob.audit.writes``): a write function owns a durable transaction at
the top level, joins the open one when nested or batched, refuses a caller's own transaction,
and runs its side effects only after the commit."""

import pytest
from django.db import transaction

from fleksjob.audit.models import AuditEvent
from fleksjob.audit.writes import after_commit, batch, in_write, write
from fleksjob.employers.actions import save_employer
from fleksjob.employers.models import Employer

pytestmark = pytest.mark.django_db

FIELDS = {"name": "Bageriet", "sector": "retail", "size_band": "small"}


def test_a_caller_may_not_hold_the_transaction(personas):
    user = personas["sagsbehandler.lejre"]
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        save_employer(user, None, cvr="31234567", **FIELDS)
    assert not Employer.objects.filter(cvr="31234567").exists()


def test_a_batch_is_all_or_nothing(personas):
    user = personas["sagsbehandler.lejre"]
    with pytest.raises(LookupError), batch():
        save_employer(user, None, cvr="31234567", **FIELDS)
        save_employer(user, None, cvr="31234568", **FIELDS)
        assert in_write() and Employer.objects.filter(name="Bageriet").count() == 2
        raise LookupError("a later step of the batch fails")
    assert not in_write()
    assert not Employer.objects.filter(name="Bageriet").exists()
    assert not AuditEvent.objects.filter(object_type="Employer").exists()
    with batch():
        save_employer(user, None, cvr="31234567", **FIELDS)
        save_employer(user, None, cvr="31234568", **FIELDS)
    assert Employer.objects.filter(name="Bageriet").count() == 2


def test_side_effects_run_after_the_commit_and_never_on_rollback(
    personas, django_capture_on_commit_callbacks
):
    done: list[str] = []

    @write
    def inner(ok: bool) -> None:
        after_commit(lambda: done.append("inner"))
        if not ok:
            raise ValueError("refused")

    @write
    def outer() -> None:
        inner(True)
        assert done == []  # not yet: the outermost write has not committed
        after_commit(lambda: done.append("outer"))

    with django_capture_on_commit_callbacks(execute=True):
        outer()
    assert done == ["inner", "outer"]
    done.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValueError):
        inner(False)
    assert callbacks == [] and done == []
