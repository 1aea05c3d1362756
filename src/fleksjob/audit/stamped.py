"""Records whose every save moves ``updated_at``, so a cache can derive its version from them.

A cache keyed by the data (docs/writes.md: *Caches derive their version from the data*) sees an
in-place change only through the latest ``updated_at``. Django sets an ``auto_now`` field on
``save()`` but writes it only when it is among ``update_fields``; this base class adds it there,
so a write function that saves two fields cannot leave the record's stamp behind. A queryset's
``update()`` bypasses ``save()``: code that changes these records that way sets
``updated_at=timezone.now()`` itself.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class Stamped(models.Model):
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, update_fields: Any = None, **kwargs: Any) -> None:
        if update_fields is not None:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)
