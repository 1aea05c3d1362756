"""The people visited for fleksjob: the attributes the case history depends on.

Drawn when a person enters (the 2005 stock, a new visitation): municipality, birth date, sex,
education, skånehensyn (as a boolean matrix over the taxonomy) and weekly hours capacity.
Names, texts and occupations are added when the tables are assembled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.synth.columns import Columns

from . import calibration as cal
from .days import add_months, day
from .municipal import Municipalities
from .texts import LANGUAGE_SUPPORT_SHARE, NEEDS_PROFILES, SECOND_PROFILE_SHARE

NEED_KEYS: tuple[str, ...] = tuple(ACCOMMODATIONS)
_KEY_INDEX = {k: i for i, k in enumerate(NEED_KEYS)}
EDUCATIONS = ("primary", "upper_secondary", "vocational", "short_tertiary", "bachelor", "master")
LOW_EDUCATION = (0, 1)


def _profile_matrix() -> tuple[np.ndarray, np.ndarray]:
    probs = np.zeros((len(NEEDS_PROFILES), len(NEED_KEYS)))
    for i, profile in enumerate(NEEDS_PROFILES):
        for key, p in profile.keys:
            probs[i, _KEY_INDEX[key]] = p
    weights = np.array([p.weight for p in NEEDS_PROFILES])
    return probs, weights / weights.sum()


@dataclass
class People(Columns):
    muni: np.ndarray
    birth: np.ndarray
    female: np.ndarray
    education: np.ndarray
    profile: np.ndarray  # main needs profile index
    needs: np.ndarray  # (n, len(NEED_KEYS)) bool
    capacity: np.ndarray  # effective weekly hours the person can work (new-scheme terms)
    pension: np.ndarray  # day of folkepension age


def pension_days(birth: np.ndarray) -> np.ndarray:
    ages = np.empty(len(birth))
    bounds = np.array([day(b) for b, _ in cal.STATE_PENSION_AGE])
    values = np.array([a for _, a in cal.STATE_PENSION_AGE])
    ages[:] = values[np.searchsorted(bounds, birth, side="right")]
    return add_months(birth, np.round(ages * 12).astype(np.int64))


def round_half(x: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(x) * 2) / 2


def draw_capacity(rng: np.random.Generator, n: int) -> np.ndarray:
    low = rng.random(n) < cal.NEW_SCHEME_LOW_HOURS_SHARE
    a, b = cal.NEW_SCHEME_LOW_HOURS
    cap = np.where(
        low,
        rng.uniform(a, b, n),
        np.clip(
            cal.NEW_SCHEME_HOURS_MEDIAN * np.exp(0.35 * rng.standard_normal(n)),
            10,
            MAX_WEEKLY_HOURS,
        ),
    )
    return round_half(cap)


def make_people(
    rng: np.random.Generator,
    muni: Municipalities,
    muni_idx: np.ndarray,
    ref_day: np.ndarray,
    age_mean: float,
    age_sd: float,
    age_max: float,
    age_min: float = cal.MIN_AGE_AT_VISITATION,
) -> People:
    """People whose age on ``ref_day`` follows N(age_mean + municipal shift, age_sd), clipped."""
    n = len(muni_idx)
    age = age_mean + cal.AGE_SHIFT_PER_SD * muni.age_z[muni_idx] + age_sd * rng.standard_normal(n)
    # Clip into the allowed range, spreading the clipped ones over a year (not one birth date).
    lo, hi = age_min, age_max
    age = np.where(age < lo, lo + rng.random(n), age)
    age = np.where(age > hi, hi - rng.random(n), age)
    birth = ref_day - np.round(age * 365.25).astype(np.int64)
    female = rng.random(n) < cal.SHARE_FEMALE

    shares = np.tile(np.array(cal.EDUCATION_SHARES), (n, 1))
    shift = cal.LOW_EDUCATION_SHIFT_PER_SD * muni.low_education_z[muni_idx]
    shares[:, 0] = np.clip(shares[:, 0] + shift, 0.05, 0.6)
    shares[:, 2] = np.clip(shares[:, 2] - shift, 0.1, 0.7)
    shares /= shares.sum(axis=1, keepdims=True)
    education = (rng.random((n, 1)) > np.cumsum(shares, axis=1)).sum(axis=1).astype(np.int8)
    education = np.minimum(education, len(EDUCATIONS) - 1)

    probs, weights = _profile_matrix()
    profile = rng.choice(len(weights), size=n, p=weights)
    needs = rng.random((n, len(NEED_KEYS))) < probs[profile]
    second = rng.choice(len(weights), size=n, p=weights)
    has_second = (rng.random(n) < SECOND_PROFILE_SHARE) & (second != profile)
    needs |= has_second[:, None] & (rng.random((n, len(NEED_KEYS))) < 0.5 * probs[second])
    needs[:, _KEY_INDEX["language_support"]] |= rng.random(n) < LANGUAGE_SUPPORT_SHARE
    # Everyone has at least one need: the most likely one of the main profile.
    top = probs.argmax(axis=1)[profile]
    none = ~needs.any(axis=1)
    needs[np.flatnonzero(none), top[none]] = True

    return People(
        muni=muni_idx.astype(np.int64),
        birth=birth,
        female=female,
        education=education,
        profile=profile.astype(np.int8),
        needs=needs,
        capacity=draw_capacity(rng, n),
        pension=pension_days(birth),
    )
