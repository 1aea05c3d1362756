"""Employers, their contact persons and the company consultants' contact log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from fleksjob.core.matching.vocabulary import SIZE_BANDS
from fleksjob.core.rules.cvr import complete

from . import calibration as cal
from .days import day
from .municipal import Municipalities, scatter_points
from .names import first_names, last_names, slug
from .profiles import SECTOR_KEYS
from .texts import (
    BRAND_WORDS,
    CONTACT_NOTES,
    CONTACT_TITLES,
    EMPLOYER_PATTERNS,
    PLACE_WORDS,
    STREET_NAMES,
)

SIZE_KEYS = tuple(SIZE_BANDS)
_PUBLIC_SHARE = {"public_admin": 1.0, "health_care": 0.6, "education": 0.7, "culture_leisure": 0.5}
_KOMMUNE = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}
_TOWN = {"101": "København", "480": "Nordfyn", "820": "Vesthimmerland"}


@dataclass
class Employers:
    muni: np.ndarray
    sector: np.ndarray  # index into SECTOR_KEYS
    size: np.ndarray  # index into SIZE_KEYS
    public: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    names: list[str]
    cvr: list[str]
    streets: list[str]
    cities: list[str]
    contact_employer: np.ndarray
    contact_names: list[str]
    contact_titles: list[str]
    contact_emails: list[str]
    contact_phones: list[str]

    def __len__(self) -> int:
        return len(self.muni)


def town(muni: Municipalities, i: int) -> str:
    return _TOWN.get(muni.codes[i], muni.names[i])


def _counts(muni: Municipalities, scale: float) -> np.ndarray:
    share = muni.population / muni.population.sum()
    floor = np.array(
        [
            cal.PERSONA_MIN_EMPLOYERS if c in cal.PERSONA_MUNICIPALITIES else cal.MIN_EMPLOYERS
            for c in muni.codes
        ]
    )
    return np.maximum(np.round(cal.EMPLOYERS_NATIONAL * scale * share).astype(int), floor)


def _cvrs(rng: np.random.Generator, n: int) -> list[str]:
    # Unique across the country, more than the data model asks (unique within a municipality):
    # synthetic companies each work with one jobcentre.
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        for first in rng.integers(1_000_000, 10_000_000, size=(n - len(out)) * 2 + 10).tolist():
            cvr = complete(str(first))
            if cvr is not None and cvr not in seen:
                seen.add(cvr)
                out.append(cvr)
                if len(out) == n:
                    break
    return out


def build_employers(rng: np.random.Generator, muni: Municipalities, scale: float) -> Employers:
    counts = _counts(muni, scale)
    m_idx = np.repeat(np.arange(len(muni)), counts)
    n = len(m_idx)
    first_of_muni = np.zeros(n, dtype=bool)
    first_of_muni[np.concatenate([[0], np.cumsum(counts)[:-1]])] = True

    sector_p = np.array([cal.SECTOR_SHARES[k] for k in SECTOR_KEYS])
    sector = rng.choice(len(SECTOR_KEYS), size=n, p=sector_p / sector_p.sum())
    size_p = np.array([cal.SIZE_SHARES[k] for k in SIZE_KEYS])
    size = rng.choice(len(SIZE_KEYS), size=n, p=size_p / size_p.sum())
    public_p = np.array([_PUBLIC_SHARE.get(k, 0.0) for k in SECTOR_KEYS])[sector]
    public = rng.random(n) < public_p
    # Public workplaces are rarely micro.
    size = np.where(public & (size == 0), 1 + rng.integers(0, 3, n), size)
    # The municipality itself is an employer in every municipality.
    sector[first_of_muni] = SECTOR_KEYS.index("public_admin")
    size[first_of_muni] = SIZE_KEYS.index("large")
    public[first_of_muni] = True
    lat, lon = scatter_points(rng, muni, m_idx)

    lasts = last_names(rng, 2 * n, double_share=0.0)
    firsts = first_names(rng, np.where(rng.random(n) < 0.5, "F", "M"))
    r = rng.integers(0, 1 << 30, size=(n, 3)).tolist()
    names, streets, cities = [], [], []
    for i in range(n):
        mi = int(m_idx[i])
        cities.append(town(muni, mi))
        if first_of_muni[i]:
            names.append(_KOMMUNE.get(muni.codes[mi], f"{muni.names[mi]} Kommune"))
            streets.append("Rådhuspladsen 1")
            continue
        # From the draws already made, so the rest of the data stays as it was for a seed.
        street = STREET_NAMES[(r[i][0] >> 8) % len(STREET_NAMES)]
        streets.append(f"{street} {1 + (r[i][2] >> 8) % 150}")
        patterns = EMPLOYER_PATTERNS[SECTOR_KEYS[sector[i]]]
        pat = patterns[r[i][0] % len(patterns)]
        names.append(
            pat.format(
                town=town(muni, mi),
                place=PLACE_WORDS[r[i][1] % len(PLACE_WORDS)],
                brand=BRAND_WORDS[r[i][2] % len(BRAND_WORDS)],
                last=lasts[2 * i],
                last2=lasts[2 * i + 1],
                first=firsts[i],
            )
        )

    # Contact persons: one to three per employer.
    n_contacts = 1 + (rng.random(n) < 0.45) + (rng.random(n) < 0.15)
    c_emp = np.repeat(np.arange(n), n_contacts)
    k = len(c_emp)
    sexes = np.where(rng.random(k) < 0.55, "F", "M")
    c_first = first_names(rng, sexes)
    c_last = last_names(rng, k)
    titles = rng.integers(0, len(CONTACT_TITLES), k).tolist()
    digits = rng.integers(0, 10_000_000, k).tolist()
    domains = [slug(nm)[:40].strip("-") or "virksomhed" for nm in names]
    c_names, c_titles, c_emails, c_phones = [], [], [], []
    for j in range(k):
        e = int(c_emp[j])
        c_names.append(f"{c_first[j]} {c_last[j]}")
        c_titles.append(CONTACT_TITLES[titles[j]])
        local = f"{slug(c_first[j])}.{slug(c_last[j].split()[-1])}"
        # .invalid is reserved (RFC 2606): these addresses can never reach anyone.
        c_emails.append(f"{local}@{domains[e]}.invalid")
        # Danish subscriber numbers start with 2–9; a leading 0 is never in use.
        d = f"{digits[j]:07d}"
        c_phones.append(f"+45 0{d[0]} {d[1:3]} {d[3:5]} {d[5:7]}")

    return Employers(
        muni=m_idx,
        sector=sector,
        size=size,
        public=public,
        lat=lat,
        lon=lon,
        names=names,
        cvr=_cvrs(rng, n),
        streets=streets,
        cities=cities,
        contact_employer=c_emp,
        contact_names=c_names,
        contact_titles=c_titles,
        contact_emails=c_emails,
        contact_phones=c_phones,
    )


@dataclass
class ContactLog:
    employer: np.ndarray
    contact: np.ndarray  # contact person index, −1 for none
    on: np.ndarray
    channel: list[str]
    outcome: list[str]
    note: list[str]
    follow_up_on: np.ndarray  # NONE when none


CHANNELS = ("visit", "phone", "email", "video")
OUTCOMES = ("no_need", "interested", "position_created", "follow_up", "not_reached")


def contact_window_start(today: dt.date) -> dt.date:
    return dt.date(today.year - cal.CONTACT_LOG_YEARS, 1, 1)


def build_contact_log(
    rng: np.random.Generator,
    muni: Municipalities,
    emp: Employers,
    has_fleksjobber: np.ndarray,
    today: dt.date,
) -> ContactLog:
    """Contacts since 1 January three years before today's year; rates follow staffing."""
    start = day(contact_window_start(today))
    end = day(today)
    years = (end - start + 1) / 365.25
    base = np.where(
        has_fleksjobber, cal.CONTACT_RATE_FLEKSJOB_EMPLOYER, cal.CONTACT_RATE_OTHER_EMPLOYER
    )
    lam = base * muni.staffing[emp.muni] * years
    count = rng.poisson(lam)
    e_idx = np.repeat(np.arange(len(emp)), count)
    k = len(e_idx)
    on = start + rng.integers(0, end - start + 1, size=k)
    # Contact person: one of the employer's, or none.
    first_contact = np.searchsorted(emp.contact_employer, np.arange(len(emp)))
    n_contacts = np.bincount(emp.contact_employer, minlength=len(emp))
    pick = first_contact[e_idx] + (rng.random(k) * n_contacts[e_idx]).astype(np.int64)
    contact = np.where(rng.random(k) < 0.1, -1, pick)
    channel = rng.choice(len(CHANNELS), size=k, p=[0.35, 0.4, 0.15, 0.1])
    outcome = rng.choice(len(OUTCOMES), size=k, p=[0.2, 0.2, 0.1, 0.3, 0.2])
    # Nobody is "not reached" at a visit.
    outcome = np.where((outcome == 4) & (channel == 0), 3, outcome)
    follow = np.isin(outcome, [1, 3])
    follow_on = np.where(follow, on + rng.integers(14, 61, size=k), -1)
    r = rng.integers(0, 1 << 30, size=k).tolist()
    notes_by = [CONTACT_NOTES[o] for o in OUTCOMES]
    note = [notes_by[o][x % len(notes_by[o])] for o, x in zip(outcome.tolist(), r, strict=True)]
    return ContactLog(
        employer=e_idx,
        contact=contact,
        on=on,
        channel=[CHANNELS[c] for c in channel.tolist()],
        outcome=[OUTCOMES[o] for o in outcome.tolist()],
        note=note,
        follow_up_on=follow_on,
    )
