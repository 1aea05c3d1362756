"""The spread page beside the published survey indicators (docs/surveys.md): an attacker who
sees both, the monthly counts benchmarking publishes for every municipality, region and the
country (suppressed by ``core/stats/suppression.py``) and one municipality's spread page, must
not work out a hidden monthly count, nor a small sum of a unit's hidden months, nor a hidden
cell of the page. The attacker is a linear programme (SciPy) over the non-negative cells
consistent with all of it, written apart from ``core/survey_spread.py``."""

from __future__ import annotations

import datetime as dt
import random
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from fleksjob.core.stats.suppression import suppression_pattern
from fleksjob.core.survey_spread import (
    Answered,
    Invited,
    MonthCounts,
    audience_spread,
    spread,
    spreads,
)
from fleksjob.core.surveys import SCALE, load_surveys

SURVEYS = [s for s in load_surveys().values() if s.audience == "citizen"]
REGION_OF = {"m1": "r1", "m2": "r1", "m3": "r1", "m4": "r2", "m5": "r2"}
MUNIS = list(REGION_OF)
MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]
SHARE, RATE = "citizen_satisfied_share", "citizen_survey_response_rate"
OWN = "m1"  # the municipality whose managers see the spread page


def _scores(survey, rng: random.Random, satisfied: bool) -> dict[str, int]:
    out = {survey.headline.id: rng.choice([4, 5] if satisfied else [1, 2, 3])}
    for q in survey.questions:
        if not q.headline and rng.random() < 0.85:
            out[q.id] = rng.choice(SCALE)
    return out


def _world(rng: random.Random, own: dict[dt.date, tuple[int, int, int]], others=(8, 30)):
    """The truth: per municipality and month (satisfied, answered not satisfied, not answered),
    ``own`` fixing some of the own municipality's months; and the own municipality's records."""
    counts: dict[tuple[str, dt.date], tuple[int, int, int]] = {}
    for u in MUNIS:
        for m in MONTHS:
            if u == OWN and m in own:
                counts[(u, m)] = own[m]
            else:
                lo, hi = others
                counts[(u, m)] = (
                    rng.randint(lo, hi),
                    rng.randint(lo, hi // 2),
                    rng.randint(lo, hi),
                )
    invited, answered = [], []
    for m in MONTHS:
        s, f, r = counts[(OWN, m)]
        for i, sat in enumerate([True] * s + [False] * f):
            survey = SURVEYS[i % len(SURVEYS)] if rng.random() < 0.8 else SURVEYS[0]
            answered.append(Answered(survey.id, survey.version, m, _scores(survey, rng, sat), sat))
            invited.append(Invited(survey.id, survey.version, m))
        for _ in range(r):
            survey = rng.choice(SURVEYS)
            invited.append(Invited(survey.id, survey.version, m))
    return counts, invited, answered


def _published(counts):
    """Benchmarking's monthly rows (both indicators, every unit) with the run's pattern."""
    rows = []
    for m in MONTHS:
        units = [("municipality", u, [u]) for u in MUNIS]
        units += [("region", r, [u for u in MUNIS if REGION_OF[u] == r]) for r in ("r1", "r2")]
        units += [("country", "DK", MUNIS)]
        for level, uid, parts in units:
            s = sum(counts[(u, m)][0] for u in parts)
            f = sum(counts[(u, m)][1] for u in parts)
            r = sum(counts[(u, m)][2] for u in parts)
            rows.append((level, uid, parts, SHARE, m, s, s + f))
            rows.append((level, uid, parts, RATE, m, s + f, s + f + r))
    table = pd.DataFrame(
        rows, columns=["unit_level", "unit_id", "parts", "indicator", "period", "x", "n"]
    )
    hx, hn = suppression_pattern(
        table.drop(columns="parts"), numerator="x", denominator="n", region_of=REGION_OF
    )
    return table.assign(hx=hx | hn, hn=hn)


def _own_published(table) -> dict[dt.date, MonthCounts]:
    """What the page reads of the run: the own municipality's counts, None where hidden."""
    out = {}
    mine = table[(table.unit_level == "municipality") & (table.unit_id == OWN)]
    for m in MONTHS:
        share = mine[(mine.indicator == SHARE) & (mine.period == m)].iloc[0]
        rate = mine[(mine.indicator == RATE) & (mine.period == m)].iloc[0]
        out[m] = MonthCounts(
            None if rate.hn else int(rate.n),
            None if rate.hx else int(rate.x),
            None if share.hx else int(share.x),
        )
    return out


class Attacker:
    """Unknowns: (satisfied, answered not satisfied, not answered) per municipality and month,
    and every cell of the page's questionnaires (points, left-outs, invitations not
    answered). Equations: every published count, every shown count of the page, and what the
    page says it counts (its questionnaires together are the own municipality's months)."""

    def __init__(self, table, page_months, tables):
        self.names: list[tuple] = [(u, m, k) for u in MUNIS for m in MONTHS for k in "sfr"]
        for t in tables:
            survey = next(s for s in SURVEYS if s.id == t.survey)
            for q in survey.questions:
                self.names += [("page", t.survey, q.id, p) for p in SCALE]
                if not q.headline:
                    self.names.append(("page", t.survey, q.id, "skip"))
            self.names.append(("page", t.survey, "rest"))
        self.col = {n: i for i, n in enumerate(self.names)}
        self.rows: list[tuple[np.ndarray, float]] = []
        self.hidden: list[tuple[str, np.ndarray]] = []
        self.remainders: dict[tuple[str, str], np.ndarray] = {}
        self.groups: list[tuple[str, list[np.ndarray], np.ndarray]] = []
        self.totals: list[tuple[str, np.ndarray]] = []
        for row in table.itertuples():
            kinds = ("s", "sf") if row.indicator == SHARE else ("sf", "sfr")
            x, n = (
                self._monthly(row.parts, row.period, kinds[0]),
                self._monthly(row.parts, row.period, kinds[1]),
            )
            if row.hx:
                comp = "f" if row.indicator == SHARE else "r"
                for what, vec in (
                    (kinds[0], x),
                    (comp, self._monthly(row.parts, row.period, comp)),
                ):
                    self.hidden.append((f"{row.unit_id} {row.period} {what}", vec))
                    key = (row.unit_id, what)
                    self.remainders[key] = self.remainders.get(key, 0) + vec
            else:
                self.rows.append((x, row.x))
            if row.hn:
                self.hidden.append((f"{row.unit_id} {row.period} {kinds[1]}", n))
                key = (row.unit_id, kinds[1])
                self.remainders[key] = self.remainders.get(key, 0) + n
            else:
                self.rows.append((n, row.n))
        # The page: its shown counts, and that its questionnaires add up to the months counted.
        head_all, sat_all, inv_all = (np.zeros(len(self.names)) for _ in range(3))
        for t in tables:
            survey = next(s for s in SURVEYS if s.id == t.survey)
            head = self.v(("page", t.survey, survey.headline.id, p) for p in SCALE)
            sat = self.v(("page", t.survey, survey.headline.id, p) for p in (4, 5))
            inv = head + self.v([("page", t.survey, "rest")])
            head_all, sat_all, inv_all = head_all + head, sat_all + sat, inv_all + inv
            self._shown(t.invitations, inv, f"{t.survey} invitations", total=True)
            self._shown(t.answers, head, f"{t.survey} answers", total=True)
            rest = self.v([("page", t.survey, "rest")])
            self.totals.append((f"{t.survey} not answered", rest))
            for q in t.questions:
                pts = [("page", t.survey, q.question, p) for p in SCALE]
                cells = [
                    self.v([k]) for k, c in zip(pts, q.counts.values(), strict=True) if c is None
                ]
                if not q.headline and q.skipped is None:
                    cells.append(self.v([("page", t.survey, q.question, "skip")]))
                self.groups.append((f"{t.survey} {q.question}", cells, rest))
                for p, c in q.counts.items():
                    self._shown(c, self.v([("page", t.survey, q.question, p)]), f"{q.question} {p}")
                if not q.headline:
                    skip = self.v([("page", t.survey, q.question, "skip")])
                    self._shown(q.skipped, skip, f"{q.question} skip")
                    self.rows.append((self.v(pts) + skip - head, 0))  # everyone knows
                self._shown(q.answered, self.v(pts), f"{q.question} answered", total=True)
                # The satisfied count is on the page as the share (with the answers shown).
                sat_q = self.v(("page", t.survey, q.question, p) for p in (4, 5))
                shown_sat = q.satisfied if q.share_satisfied is not None else None
                self._shown(shown_sat, sat_q, f"{q.question} satisfied", total=True)
                self.totals.append((f"{q.question} not satisfied", self.v(pts) - sat_q))
        months = list(page_months)
        self.rows.append((inv_all - self._monthly([OWN], months, "sfr"), 0))
        self.rows.append((head_all - self._monthly([OWN], months, "sf"), 0))
        self.rows.append((sat_all - self._monthly([OWN], months, "s"), 0))

    def v(self, keys) -> np.ndarray:
        out = np.zeros(len(self.names))
        for k in keys:
            out[self.col[k]] += 1
        return out

    def _monthly(self, units, months, kinds) -> np.ndarray:
        months = months if isinstance(months, list) else [months]
        return self.v((u, m, k) for u in units for m in months for k in kinds)

    def _shown(self, value, vec, label, total: bool = False) -> None:
        """A count the page shows (an equation) or hides: a hidden cell must stay unknown, a
        hidden total (a sum of cells) must not be worked out below 5."""
        if value is None:
            (self.totals if total else self.hidden).append((f"page {label}", vec))
        else:
            assert value >= 5, f"the page shows {label} = {value}"
            self.rows.append((vec, value))

    def range(self, target: np.ndarray) -> tuple[float, float]:
        a = np.array([r for r, _ in self.rows])
        b = np.array([v for _, v in self.rows], dtype=float)
        bounds = [(0, None)] * len(self.names)
        low = linprog(target, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        high = linprog(-target, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        assert low.status == 0 and high.status == 0, "the published figures are inconsistent"
        return low.fun, -high.fun

    def leaks(self) -> list[str]:
        found = []
        for label, vec in self.hidden:
            low, high = self.range(vec)
            if high - low < 0.5:
                found.append(f"{label} = {low:.0f}")
        for (unit, what), vec in self.remainders.items():
            low, high = self.range(vec)
            if high - low < 0.5 and low < 5:
                found.append(f"{unit}: the hidden months' {what} add up to {low:.0f}")
        for label, vec in self.totals:
            low, high = self.range(vec)
            if high - low < 0.5 and low < 5:
                found.append(f"{label} = {low:.0f}")
        # A question's hidden cells of the page, with or without the invitations not answered.
        for label, cells, rest in self.groups:
            for size in range(1, len(cells) + 1):
                for chosen in combinations(cells, size):
                    for with_rest in (False, True):
                        if size == 1 and not with_rest:
                            continue  # a single cell: above
                        low, high = self.range(sum(chosen) + (rest if with_rest else 0))
                        if high - low < 0.5 and low < 5:
                            found.append(f"{label}: a sum of {size} hidden cells is {low:.0f}")
        return found


def _naive(invited, answered):
    """Today's page before the fix: every questionnaire over the whole year, on its own."""
    return [
        spread(
            s,
            sum(1 for r in invited if r.survey_id == s.id),
            [r.scores for r in answered if r.survey_id == s.id],
        )
        for s in SURVEYS
    ]


def _leaky_world():
    """The own municipality's May has 3 answers: benchmarking hides it; its other months and
    every other cell of the page are large."""
    own = {m: (9, 6, 12) for m in MONTHS}
    own[dt.date(2026, 5, 1)] = (2, 1, 10)
    return _world(random.Random(3), own)


def test_the_year_total_gave_back_a_hidden_month():
    counts, invited, answered = _leaky_world()
    table = _published(counts)
    may = _own_published(table)[dt.date(2026, 5, 1)]
    assert may.answers is None and may.satisfied is None  # benchmarking hides May
    leaks = Attacker(table, MONTHS, _naive(invited, answered)).leaks()
    assert any(f"{OWN} 2026-05-01 sf = 3" in leak for leak in leaks), leaks


def test_the_page_counts_only_published_months_and_gives_back_nothing():
    counts, invited, answered = _leaky_world()
    table = _published(counts)
    page = audience_spread(SURVEYS, invited, answered, _own_published(table))
    assert dt.date(2026, 5, 1) not in page.months and len(page.months) >= 1
    shown = _own_published(table)
    for m in page.months:
        assert None not in (shown[m].invitations, shown[m].answers, shown[m].satisfied)
    # The questionnaires add up to the published months, where the page shows them.
    total = sum(t.answers for t in page.tables if t.answers is not None)
    if all(t.answers is not None for t in page.tables):
        assert total == sum(shown[m].answers for m in page.months)
    assert Attacker(table, page.months, page.tables).leaks() == []


@pytest.mark.parametrize("seed", range(3))
def test_nothing_hidden_comes_back_in_random_worlds(seed):
    rng = random.Random(seed)

    def satisfied() -> int:  # a small month now and then
        return rng.choice([rng.randint(0, 4), rng.randint(6, 14)])

    own = {m: (satisfied(), rng.randint(2, 9), rng.randint(3, 14)) for m in MONTHS}
    counts, invited, answered = _world(rng, own, others=(5, 24))
    table = _published(counts)
    page = audience_spread(SURVEYS, invited, answered, _own_published(table))
    assert page.months and Attacker(table, page.months, page.tables).leaks() == []


def test_months_that_changed_since_the_run_or_mix_versions_are_left_out():
    counts, invited, answered = _world(random.Random(8), {m: (9, 6, 12) for m in MONTHS})
    published = _own_published(_published(counts))
    jan, feb, mar = MONTHS[:3]
    # A late answer in January since the run; an old wording's invitation in February.
    late = next(r for r in invited if r.month == jan)
    answered = [*answered, Answered(late.survey_id, late.version, jan, {"overall": 5}, True)]
    invited = [*invited, Invited(SURVEYS[0].id, SURVEYS[0].version + 1, feb)]
    page = audience_spread(SURVEYS, invited, answered, published)
    assert jan not in page.months and feb not in page.months and mar in page.months
    # No published month: nothing counted, nothing shown.
    empty = audience_spread(SURVEYS, invited, answered, {})
    assert empty.months == [] and empty.tables == []


def test_a_questionnaire_is_not_the_published_total_minus_the_other():
    """One questionnaire has 3 answers, the other many: shown alone beside the published
    total, the large one would give the small one back."""
    big, small = SURVEYS
    rng = random.Random(1)
    answers_big = [_scores(big, rng, rng.random() < 0.7) for _ in range(60)]
    answers_small = [_scores(small, rng, True) for _ in range(3)]
    tables = [(big, 90, answers_big), (small, 9, answers_small)]
    alone = spread(big, 90, answers_big)
    together = spreads(tables)
    assert alone.answers == 60
    assert together[0].answers is None and together[1].answers is None
