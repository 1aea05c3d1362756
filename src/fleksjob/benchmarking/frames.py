"""Table rows as plain Python for templates, JSON and spreadsheets: a missing value (NaN, pd.NA,
NaT: hidden or not computed) becomes None."""

from __future__ import annotations

import pandas as pd


def plain(record: dict) -> dict:
    return {k: None if pd.api.types.is_scalar(v) and pd.isna(v) else v for k, v in record.items()}


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    chosen = frame if columns is None else frame[columns]
    return [plain(row) for row in chosen.to_dict("records")]
