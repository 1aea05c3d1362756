"""The prepared position index: built once, queried per citizen.

Positions are stored in the order of a latitude/longitude grid, so the positions in a box of
cells are a few contiguous slices (one per grid row). A citizen's query takes the box that can hold
every position within the commute (``geo.window_deg``, an exact bound), adds all remote positions
when the citizen accepts remote work, then filters by skånehensyn and hours (bit masks and
comparisons) before computing exact distances and the score only for what is left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

from . import config
from .geo import haversine_km, window_deg
from .records import Candidate, Position
from .scoring import hours_overlap, needs_met
from .tables import CandidateTable, PositionTable
from .text import TextModel

_N_COLS = math.ceil(360 / config.GRID_LON_DEG) + 2
_N_ROWS = math.ceil(180 / config.GRID_LAT_DEG) + 2


def _row(lat):
    return np.floor((np.asarray(lat) + 90.0) / config.GRID_LAT_DEG).astype(np.int64)


def _col(lon):
    return np.floor((np.asarray(lon) + 180.0) / config.GRID_LON_DEG).astype(np.int64)


@dataclass
class PreparedCandidates:
    """Candidates in columnar form with their competence texts vectorised by the index's model."""

    table: CandidateTable
    text: sp.csr_matrix
    embedding: np.ndarray  # (n, d) projection of the text vectors on the index's basis
    residual: np.ndarray  # norm of the part of each text vector outside that basis

    def __len__(self) -> int:
        return len(self.table)


def text_basis(matrix: sp.csr_matrix) -> np.ndarray:
    """An orthonormal basis (features × d) of the main directions of the position texts.

    Fitted by a truncated SVD on a spread sample of the rows; any orthonormal basis keeps the
    error bound of ``approximate_text_scores`` valid, a good one makes it tight.
    """
    n, width = matrix.shape
    step = max(1, n // config.TEXT_BASIS_SAMPLE)
    sample = matrix[::step]
    d = min(config.TEXT_BASIS_DIMENSIONS, sample.shape[0], width)
    if d == 0:
        return np.zeros((width, 0), dtype=np.float32)
    if min(sample.shape) <= 2 * d + 10:
        _, _, vt = np.linalg.svd(sample.toarray(), full_matrices=False)
        vt = vt[:d]
    else:
        _, _, vt = randomized_svd(sample, d, n_iter=2, random_state=0)
    return np.ascontiguousarray(vt.T, dtype=np.float32)


def project(matrix: sp.csr_matrix, basis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of the (unit) rows in the basis and the norms of what the basis misses."""
    embedding = np.asarray(matrix @ basis, dtype=np.float32)
    norms = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    residual = np.sqrt(np.maximum(norms - (embedding.astype(np.float64) ** 2).sum(axis=1), 0.0))
    return np.ascontiguousarray(embedding), residual.astype(np.float32)


class PositionIndex:
    """Positions prepared for fast feasibility queries and scoring."""

    def __init__(self, positions: Sequence[Position]) -> None:
        positions = list(positions)
        keys = _row([p.lat for p in positions]) * _N_COLS + _col([p.lon for p in positions])
        order = np.argsort(keys, kind="stable")
        self.table = PositionTable.build([positions[i] for i in order])
        self.cell_keys = keys[order]
        self.remote_rows = np.flatnonzero(self.table.remote)
        self.row_of = {pid: i for i, pid in enumerate(self.table.ids)}
        texts = [p.text for p in self.table.records]
        self.text_model, self.text = TextModel.fit_transform(texts)
        self.basis = text_basis(self.text)
        self.embedding, self.residual = project(self.text, self.basis)

    def __len__(self) -> int:
        return len(self.table)

    def prepare(self, candidates: Sequence[Candidate]) -> PreparedCandidates:
        candidates = list(candidates)
        text = self.text_model.transform([c.skills_text for c in candidates])
        return PreparedCandidates(
            CandidateTable.build(candidates), text, *project(text, self.basis)
        )

    def in_box(self, lat: float, lon: float, km: float) -> np.ndarray:
        """Rows of all positions in grid cells that can lie within ``km`` of the point."""
        dlat, dlon = window_deg(lat, km)
        r0, r1 = int(_row(max(-90.0, lat - dlat))), int(_row(min(90.0, lat + dlat)))
        if dlon is None or lon - dlon < -180.0 or lon + dlon > 180.0:
            c0, c1 = 0, _N_COLS - 1
        else:
            c0, c1 = int(_col(lon - dlon)), int(_col(lon + dlon))
        rows = np.arange(r0, r1 + 1, dtype=np.int64) * _N_COLS
        start = np.searchsorted(self.cell_keys, rows + c0, side="left")
        end = np.searchsorted(self.cell_keys, rows + c1, side="right")
        lengths = end - start
        total = int(lengths.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        offsets = np.repeat(start - np.cumsum(lengths) + lengths, lengths)
        return offsets + np.arange(total, dtype=np.int64)

    def feasible(self, prepared: PreparedCandidates, ci: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the positions feasible for candidate ``ci`` and their distances in km."""
        c, p = prepared.table, self.table
        reach = float(c.max_commute_km[ci])
        rows = self.in_box(float(c.lat[ci]), float(c.lon[ci]), reach)
        if c.remote_ok[ci]:
            rows = np.concatenate([rows[~p.remote[rows]], self.remote_rows])
        rows = rows[needs_met(c, ci, p, rows) & hours_overlap(c, ci, p, rows)]
        km = haversine_km(c.lat[ci], c.lon[ci], p.lat[rows], p.lon[rows])
        keep = (km <= reach) | (p.remote[rows] & c.remote_ok[ci])
        return rows[keep], km[keep]

    def text_scores(self, prepared: PreparedCandidates, ci: int, rows: np.ndarray) -> np.ndarray:
        """Cosine of candidate ``ci``'s competence text with the texts of positions ``rows``."""
        lo, hi = prepared.text.indptr[ci], prepared.text.indptr[ci + 1]
        if rows.size == 0 or lo == hi:
            return np.zeros(rows.size)
        dense = np.zeros(self.text.shape[1], dtype=np.float32)
        dense[prepared.text.indices[lo:hi]] = prepared.text.data[lo:hi]
        # Gather the rows' stored entries directly (cheaper than slicing a sparse matrix).
        ptr = self.text.indptr
        start, length = ptr[rows], ptr[rows + 1] - ptr[rows]
        total = int(length.sum())
        if total == 0:
            return np.zeros(rows.size)
        at = np.repeat(start - np.cumsum(length) + length, length) + np.arange(total)
        products = self.text.data[at] * dense[self.text.indices[at]]
        sums = np.add.reduceat(products, np.r_[0, np.cumsum(length)[:-1]])
        # reduceat gives the next row's value for empty rows; zero them.
        return np.where(length > 0, sums, 0.0).astype(np.float64)

    def approximate_text_scores(
        self, prepared: PreparedCandidates, ci: int, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosines from the low-dimensional projection, and a bound on their error.

        With Π the projection on the orthonormal basis, x_c·x_p = (Πx_c)·(Πx_p) +
        ((I−Π)x_c)·((I−Π)x_p), and Cauchy–Schwarz bounds the last term by the residual norms'
        product. So the exact cosine is at most ``approximate + bound``.
        """
        approx = self.embedding[rows] @ prepared.embedding[ci]
        bound = self.residual[rows] * prepared.residual[ci] + 1e-5  # float32 rounding
        return approx.astype(np.float64), bound.astype(np.float64)

    def pair_text_scores(
        self, prepared: PreparedCandidates, ci: np.ndarray, rows: np.ndarray
    ) -> np.ndarray:
        """Cosines for arbitrary pairs (candidate ``ci[i]``, position ``rows[i]``)."""
        if len(rows) == 0:
            return np.zeros(0)
        product = prepared.text[ci].multiply(self.text[rows])
        return np.asarray(product.sum(axis=1), dtype=np.float64).ravel()
