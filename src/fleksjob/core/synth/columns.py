"""Column bundles: dataclasses whose fields are equal-length NumPy arrays (one row per index)."""

from __future__ import annotations

from dataclasses import fields
from typing import Self

import numpy as np


class Columns:
    """Mixin for ``@dataclass`` bundles of parallel arrays."""

    def __len__(self) -> int:
        return len(getattr(self, fields(self)[0].name))

    @classmethod
    def concat(cls, parts: list[Self]) -> Self:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )

    def take(self, index: np.ndarray) -> Self:
        """The rows at ``index`` (an integer or boolean array), as a new bundle."""
        return type(self)(**{f.name: getattr(self, f.name)[index] for f in fields(self)})
