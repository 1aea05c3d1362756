"""A small client for api.jobindsats.dk: v3 (``Authorization: Bearer``) and v2 (the raw key).

The key comes from the environment (``JOBINDSATS_API_KEY``) and never appears in messages. v2 is
served until 30 September 2026 (FORMAT.md §1); v3 is the default.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import httpx

from fleksjob.core.imports.jobindsats import Figure, parse_v2, parse_v3

BASE_URL = "https://api.jobindsats.dk"
KEY_VARIABLE = "JOBINDSATS_API_KEY"


class JobindsatsError(RuntimeError):
    """The API answered with an error, or could not be reached."""


@dataclass
class JobindsatsClient:
    key: str
    version: int = 3
    base_url: str = BASE_URL
    timeout: float = 60.0

    @classmethod
    def from_environment(cls, *, version: int = 3, base_url: str | None = None) -> JobindsatsClient:
        key = os.environ.get(KEY_VARIABLE, "").strip()
        if not key:
            raise JobindsatsError(f"sæt {KEY_VARIABLE} til jeres API-nøgle fra STAR")
        return cls(key=key, version=version, base_url=base_url or BASE_URL)

    def __post_init__(self) -> None:
        if self.version not in (2, 3):
            raise ValueError("version skal være 2 eller 3")

    def _headers(self) -> dict[str, str]:
        auth = f"Bearer {self.key}" if self.version == 3 else self.key
        return {"Authorization": auth, "Accept": "application/json"}

    def data(self, table: str, *, periods: list[str], area: str = "*") -> list[Figure]:
        """All measurements of ``table`` for the periods (e.g. ``["2024M05"]``) and areas."""
        table = table.lower()
        if self.version == 2:
            url = f"{self.base_url}/v2/data/{table}/json"
            params = {"area": area, "period": ",".join(periods)}
        else:
            url = f"{self.base_url}/v3/data/{table}"
            kinds: dict[str, list[str]] = {}
            for period in periods:
                kinds.setdefault("M" if "M" in period[4:5] else "Q", []).append(period)
            params = {"mgroup.*": "*", "format": "json", "hierarchy._nykom": area}
            params.update({f"period.{kind}": ",".join(ps) for kind, ps in kinds.items()})
        try:
            response = httpx.get(url, params=params, headers=self._headers(), timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise JobindsatsError(f"Jobindsats kunne ikke nås: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise JobindsatsError(f"Jobindsats svarede {response.status_code} for {table}")
        try:  # the body may start with a UTF-8 BOM (FORMAT.md §1)
            payload = json.loads(response.content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise JobindsatsError(f"Jobindsats svarede ikke med gyldig JSON for {table}") from None
        parse = parse_v2 if self.version == 2 else parse_v3
        return parse(table, payload, source=f"{table} (API v{self.version})")
