"""Citizens' occupations, wishes and Danish profile texts."""

from __future__ import annotations

import numpy as np

from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES

from .occupations import GENERAL_SKILLS, HIGH, LOW, MID, OCCUPATIONS
from .people import People

# Skill band of a person's occupations by education.  [assumption]
_EDU_BAND = np.array(
    [
        [0.80, 0.20, 0.00],  # primary
        [0.60, 0.38, 0.02],  # upper secondary
        [0.30, 0.70, 0.00],  # vocational
        [0.05, 0.70, 0.25],  # short tertiary
        [0.00, 0.35, 0.65],  # bachelor
        [0.00, 0.10, 0.90],  # master
    ]
)
_occ_band = np.array([o.band for o in OCCUPATIONS])
_FEMALE = np.array([o.female_share for o in OCCUPATIONS])
_WEIGHT = np.array([o.weight for o in OCCUPATIONS])
SECTOR_KEYS = tuple(SECTORS)
TASK_KEYS = tuple(TASK_TYPES)


def _pick(rng: np.random.Generator, female: np.ndarray, band: np.ndarray) -> np.ndarray:
    out = np.empty(len(band), dtype=np.int64)
    for b in (LOW, MID, HIGH):
        for is_f in (False, True):
            sel = np.flatnonzero((band == b) & (female == is_f))
            if sel.size == 0:
                continue
            cand = np.flatnonzero(_occ_band == b)
            w = _WEIGHT[cand] * (_FEMALE[cand] if is_f else 1 - _FEMALE[cand])
            out[sel] = cand[rng.choice(len(cand), size=sel.size, p=w / w.sum())]
    return out


def assign_occupations(rng: np.random.Generator, people: People) -> tuple[np.ndarray, np.ndarray]:
    """A main occupation and for about half a second one (−1 if none); OCCUPATIONS indices."""
    n = len(people)
    cum = np.cumsum(_EDU_BAND[people.education], axis=1)
    band = (rng.random((n, 1)) > cum).sum(axis=1)
    band = np.minimum(band, HIGH)
    occ1 = _pick(rng, people.female, band)
    occ2 = _pick(rng, people.female, band)
    occ2 = np.where((rng.random(n) < 0.5) & (occ2 != occ1), occ2, -1)
    return occ1, occ2


def occupation_codes(occ1: np.ndarray, occ2: np.ndarray) -> list[list[str]]:
    codes = [o.code for o in OCCUPATIONS]
    return [
        [codes[a]] if b < 0 else [codes[a], codes[b]]
        for a, b in zip(occ1.tolist(), occ2.tolist(), strict=True)
    ]


def wishes(rng: np.random.Generator, occ1: np.ndarray) -> tuple[list[list[str]], list[list[str]]]:
    """Wished sectors and task types: mostly the main occupation's, sometimes one more."""
    n = len(occ1)
    extra_sector = rng.integers(0, len(SECTOR_KEYS), n).tolist()
    add_sector = (rng.random(n) < 0.35).tolist()
    extra_task = rng.integers(0, len(TASK_KEYS), n).tolist()
    add_task = (rng.random(n) < 0.3).tolist()
    n_own = rng.integers(1, 3, n).tolist()
    sectors, tasks = [], []
    for i, o in enumerate(occ1.tolist()):
        occ = OCCUPATIONS[o]
        s = set(occ.sectors[: n_own[i]])
        if add_sector[i]:
            s.add(SECTOR_KEYS[extra_sector[i]])
        t = {occ.task_type}
        if add_task[i]:
            t.add(TASK_KEYS[extra_task[i]])
        sectors.append(sorted(s))
        tasks.append(sorted(t))
    return sectors, tasks


def lower_first(text: str) -> str:
    """'Kontorassistent' → 'kontorassistent', but 'IT-supporter' stays as it is."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def skills_texts(rng: np.random.Generator, occ1: np.ndarray, occ2: np.ndarray) -> list[str]:
    n = len(occ1)
    r = rng.integers(0, 1 << 30, size=(n, 5)).tolist()
    out = []
    for i, (a, b) in enumerate(zip(occ1.tolist(), occ2.tolist(), strict=True)):
        o = OCCUPATIONS[a]
        ri = r[i]
        t1 = o.tasks[ri[0] % len(o.tasks)]
        t2 = o.tasks[(ri[0] + 1) % len(o.tasks)]
        s1 = o.skills[ri[1] % len(o.skills)]
        s2 = o.skills[(ri[1] + 1) % len(o.skills)]
        g = GENERAL_SKILLS[ri[2] % len(GENERAL_SKILLS)]
        skills = s1 if s1 == s2 else f"{s1}, {s2}"
        text = (
            f"Erfaring som {lower_first(o.title)}: {lower_first(t1)} og {lower_first(t2)}. "
            f"Kompetencer: {skills}. Borgeren {g}."
        )
        if b >= 0:
            o2 = OCCUPATIONS[b]
            text += f" Har også arbejdet som {lower_first(o2.title)}."
        out.append(text)
    return out
