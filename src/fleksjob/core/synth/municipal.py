"""The 98 municipalities: latent effectiveness, staffing, prevalence and local unemployment.

Everything here is synthetic. What a municipality controls (effectiveness, consultant staffing,
jobsamtale compliance) and what it does not (local unemployment, prevalence of fleksjob cases)
are drawn separately, so benchmarking has something real to find and something to adjust for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from fleksjob.reference import municipalities as reference_municipalities

from . import calibration as cal
from .days import day, month_starts, year_of


@dataclass
class Municipalities:
    codes: list[str]
    names: list[str]
    alt_names: list[str]
    population: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    case_weight: np.ndarray  # share of all cases (sums to 1), floors included
    effectiveness: np.ndarray  # log multiplier on the job-finding rate (latent, controllable)
    staffing: np.ndarray  # relative consultant staffing (mean ≈ 1)
    compliance: np.ndarray  # probability that a spell gets all four early jobsamtaler
    unemployment_relative: np.ndarray
    age_z: np.ndarray  # latent age mix (standard normal)
    low_education_z: np.ndarray  # latent education mix (standard normal)
    scatter_km: np.ndarray  # SD of home/workplace scatter around the centre
    neighbours: np.ndarray  # (n, 3) indices of the nearest other municipalities
    months: np.ndarray  # day numbers of month starts, 2005-01 .. today's month
    unemployment: np.ndarray  # (n, months) local unemployment rate

    def __len__(self) -> int:
        return len(self.codes)

    def month_index(self, days: np.ndarray) -> np.ndarray:
        idx = np.searchsorted(self.months, days, side="right") - 1
        return np.clip(idx, 0, len(self.months) - 1)

    def unemployment_at(self, muni: np.ndarray, days: np.ndarray) -> np.ndarray:
        return self.unemployment[muni, self.month_index(days)]


def _national_unemployment(months: np.ndarray) -> np.ndarray:
    """Monthly national rate, linear between yearly averages placed mid-year."""
    years = sorted(cal.NATIONAL_UNEMPLOYMENT_BY_YEAR)
    last_year = int(year_of(months[-1:])[0])
    xs, ys = [], []
    for y in range(years[0], max(years[-1], last_year) + 1):
        xs.append(day(dt.date(y, 7, 1)))
        ys.append(cal.NATIONAL_UNEMPLOYMENT_BY_YEAR.get(y, cal.NATIONAL_UNEMPLOYMENT_LATER))
    return np.interp(months, xs, ys)


def _minimum_weights(codes: list[str], target_active: float) -> np.ndarray:
    floors = np.array(
        [
            (
                cal.PERSONA_MIN_ACTIVE_CITIZENS
                if c in cal.PERSONA_MUNICIPALITIES
                else cal.MIN_ACTIVE_CITIZENS
            )
            for c in codes
        ],
        dtype=float,
    )
    # 1.3: head-room so random exits rarely push a municipality under its minimum.
    return 1.3 * floors / target_active


def _anchored(codes: list[str], z_eff: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """The latent effectiveness (standard normal scale) with the anchored municipalities' set so
    that their share on ledighedsydelse is expected at ``UNEMPLOYED_SHARE_ANCHORS``: the log-odds
    gap to the national target as a log-hazard gap, plus what their local unemployment does to
    the job-finding rate on its own (rate ∝ relative unemployment^−elasticity)."""
    z = z_eff.copy()
    goal = cal.UNEMPLOYED_SHARE_TARGET
    for i, code in enumerate(codes):
        if (target := cal.UNEMPLOYED_SHARE_ANCHORS.get(code)) is not None:
            gap = np.log(target / (1 - target)) - np.log(goal / (1 - goal))
            local = cal.LOCAL_UNEMPLOYMENT_ELASTICITY * np.log(rel[i])
            z[i] = (local - cal.ANCHOR_HAZARD_PER_LOGIT * gap) / cal.EFFECTIVENESS_SD
    return z


def build(
    rng: np.random.Generator, today: dt.date, target_active: float, anchored: bool = False
) -> Municipalities:
    """The municipalities' traits; ``anchored``: with ``UNEMPLOYED_SHARE_ANCHORS`` (the
    generator asks for it from ``ANCHOR_MIN_SCALE`` up; the calibration pilot does not, so the
    tiny scale is exactly as without anchors, and the anchors move the national share by a
    fraction of a point)."""
    refs = reference_municipalities()
    n = len(refs)
    codes = [r.code for r in refs]
    pop = np.array([r.population for r in refs], dtype=float)
    lat = np.array([r.lat for r in refs])
    lon = np.array([r.lon for r in refs])

    z_unemp = rng.standard_normal(n)
    rel = np.exp(cal.UNEMPLOYMENT_RELATIVE_SD * z_unemp)
    for i, code in enumerate(codes):
        if code in cal.UNEMPLOYMENT_RELATIVE_ANCHORS:
            rel[i] = cal.UNEMPLOYMENT_RELATIVE_ANCHORS[code] * np.exp(0.05 * z_unemp[i])
    rel /= np.average(rel, weights=pop)
    z_rel = (np.log(rel) - np.log(rel).mean()) / np.log(rel).std()

    load = cal.PREVALENCE_UNEMPLOYMENT_LOADING
    z_prev = load * z_rel + np.sqrt(1 - load**2) * rng.standard_normal(n)
    weight = pop * np.exp(cal.PREVALENCE_SD * z_prev)
    weight /= weight.sum()
    weight = np.maximum(weight, _minimum_weights(codes, target_active))
    weight /= weight.sum()

    z_eff = rng.standard_normal(n)
    if anchored:
        z_eff = _anchored(codes, z_eff, rel)
    rho = cal.STAFFING_EFFECTIVENESS_CORRELATION
    z_staff = rho * z_eff + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    staffing = np.exp(cal.CONSULTANT_STAFFING_SD * z_staff)
    staffing /= np.average(staffing, weights=pop)
    lo, hi = cal.JOBSAMTALE_COMPLIANCE_RANGE
    z_comp = 0.5 * z_eff + np.sqrt(0.75) * rng.standard_normal(n)
    compliance = lo + (hi - lo) / (1 + np.exp(-1.5 * z_comp))

    # Age and education mix lean slightly toward high-unemployment municipalities.
    age_z = 0.3 * z_rel + np.sqrt(0.91) * rng.standard_normal(n)
    edu_z = 0.5 * z_rel + np.sqrt(0.75) * rng.standard_normal(n)

    # Dense municipalities (capital area) are small in area: scatter homes less.
    scatter = np.where(np.isin(codes, _DENSE), 2.5, 6.0)
    scatter = np.where(np.array(codes) == "400", 9.0, scatter)  # Bornholm is large

    d2 = (lat[:, None] - lat[None, :]) ** 2 + ((lon[:, None] - lon[None, :]) * 0.56) ** 2
    np.fill_diagonal(d2, np.inf)
    neighbours = np.argsort(d2, axis=1)[:, :3]

    months = month_starts(cal.HISTORY_START, today)
    national = _national_unemployment(months)
    # Slow municipal wobble around the national curve (AR(1) on the log scale).
    noise = np.zeros((n, len(months)))
    shocks = rng.standard_normal((n, len(months))) * 0.03
    for j in range(1, len(months)):
        noise[:, j] = 0.95 * noise[:, j - 1] + shocks[:, j]
    unemployment = np.clip(national[None, :] * rel[:, None] * np.exp(noise), 0.005, 0.3)

    return Municipalities(
        codes=codes,
        names=[r.name for r in refs],
        alt_names=[r.alt_name or r.name for r in refs],
        population=pop,
        lat=lat,
        lon=lon,
        case_weight=weight,
        # Centred on the caseload so the national level does not depend on the seed's draw.
        effectiveness=cal.EFFECTIVENESS_SD * (z_eff - np.average(z_eff, weights=weight)),
        staffing=staffing,
        compliance=compliance,
        unemployment_relative=rel,
        age_z=age_z,
        low_education_z=edu_z,
        scatter_km=scatter,
        neighbours=neighbours,
        months=months,
        unemployment=unemployment,
    )


# Capital-area municipalities with small areas (codes 101–190 plus a few).  [assumption]
_DENSE = [
    "101",
    "147",
    "151",
    "153",
    "155",
    "157",
    "159",
    "161",
    "163",
    "165",
    "167",
    "169",
    "173",
    "175",
    "183",
    "185",
    "187",
    "190",
    "461",
    "751",
    "851",
]


def scatter_points(
    rng: np.random.Generator, muni: Municipalities, idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Locations around each municipality's centre, clipped to the model's Danish box."""
    sd = muni.scatter_km[idx]
    dlat = rng.standard_normal(len(idx)) * sd / 111.0
    dlon = rng.standard_normal(len(idx)) * sd / (111.0 * np.cos(np.radians(muni.lat[idx])))
    lat = np.clip(muni.lat[idx] + dlat, 54.56, 57.74)
    lon = np.clip(muni.lon[idx] + dlon, 8.06, 15.14)
    return np.round(lat, 5), np.round(lon, 5)
