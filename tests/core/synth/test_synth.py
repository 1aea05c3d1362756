"""Synthetic Denmark: interface, determinism, every model constraint, coherence, calibration.

Pure tests (no Django, no database). The checks are written from the rules in the models and the
issue, not from the generator's code: each table is read back and verified on its own terms.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from faker.providers.person.da_DK import Provider as DanishNames

from fleksjob.core.matching.taxonomy import KEYS
from fleksjob.core.matching.vocabulary import SECTORS, SIZE_BANDS, TASK_TYPES
from fleksjob.core.records import CITIZEN, EMPLOYER, POSITION, POSITION_TASK
from fleksjob.core.rules.case_status import INITIAL, EndReason, Status, check_transition
from fleksjob.core.rules.cpr import parse as parse_cpr
from fleksjob.core.rules.cvr import is_valid as cvr_is_valid
from fleksjob.core.synth import COLUMNS, SCALES, Dataset, generate
from fleksjob.reference import is_unit_group, municipalities

TODAY = dt.date(2025, 6, 15)
REFORM = dt.date(2013, 1, 1)
HISTORY_START = dt.date(2005, 1, 1)
PERSONA_CODES = ("350", "751", "230", "101")

# The generator's own table layout: the loader (tests/web/test_seed.py) checks it against the
# models, and the record tables' columns derive from the record specs (checked below).
TABLES = COLUMNS
FOREIGN_KEYS = (
    ("employers.ContactPerson", "employer_id", "employers.Employer"),
    ("employers.Position", "employer_id", "employers.Employer"),
    ("employers.ContactLogEntry", "employer_id", "employers.Employer"),
    ("employers.ContactLogEntry", "contact_person_id", "employers.ContactPerson"),
    ("citizens.Approval", "citizen_id", "citizens.Citizen"),
    ("citizens.StatusTransition", "approval_id", "citizens.Approval"),
    ("citizens.BenefitSpell", "citizen_id", "citizens.Citizen"),
    ("citizens.BenefitSpell", "approval_id", "citizens.Approval"),
    ("employment.Employment", "citizen_id", "citizens.Citizen"),
    ("employment.Employment", "approval_id", "citizens.Approval"),
    ("employment.Employment", "employer_id", "employers.Employer"),
    ("employment.Employment", "position_id", "employers.Position"),
    ("employment.HoursChange", "employment_id", "employment.Employment"),
    ("followup.FollowUpPlan", "citizen_id", "citizens.Citizen"),
    ("followup.FollowUpPlan", "approval_id", "citizens.Approval"),
    ("followup.HoursStep", "plan_id", "followup.FollowUpPlan"),
    ("followup.FollowUpMeeting", "citizen_id", "citizens.Citizen"),
    ("followup.FollowUpMeeting", "approval_id", "citizens.Approval"),
)
EDUCATIONS = {"primary", "upper_secondary", "vocational", "short_tertiary", "bachelor", "master"}
GOALS = {"progression", "retention", "education"}
POSITION_STATUSES = {"draft", "open", "filled", "closed"}
CHANNELS = {"visit", "phone", "email", "video"}
OUTCOMES = {"no_need", "interested", "position_created", "follow_up", "not_reached"}
RATE_CATEGORIES = {"dagpenge_89", "kontanthjaelp"}
PURPOSES = {"more_hours", "foothold", "education"}
MEETING_KINDS = {"jobsamtale", "follow_up", "review", "other"}
MEETING_CHANNELS = {"in_person", "phone", "video", "workplace"}


# ------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------


def records(ds: Dataset, name: str) -> list[dict]:
    table = ds.tables[name]
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def by_id(rows: list[dict]) -> dict[int, dict]:
    return {r["id"]: r for r in rows}


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def half_hours(x: float) -> bool:
    return isinstance(x, float) and x * 2 == int(x * 2)


def in_denmark(lat: float, lon: float) -> bool:
    return 54.5 <= lat <= 57.8 and 8.0 <= lon <= 15.2


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def hours_in_force(ds: Dataset, on: dt.date) -> dict[int, float]:
    """Weekly hours of each employment on a day (latest change on or before it)."""
    latest: dict[int, tuple[dt.date, float]] = {}
    for r in records(ds, "employment.HoursChange"):
        if r["valid_from"] <= on:
            cur = latest.get(r["employment_id"])
            if cur is None or r["valid_from"] > cur[0]:
                latest[r["employment_id"]] = (r["valid_from"], r["hours_per_week"])
    return {k: v[1] for k, v in latest.items()}


@pytest.fixture(scope="module")
def tiny() -> Dataset:
    return generate("tiny", 7, TODAY)


@pytest.fixture(scope="module")
def medium() -> Dataset:
    return generate("municipality", 11, TODAY)


# ------------------------------------------------------------------------------------------
# Interface and determinism
# ------------------------------------------------------------------------------------------


def test_scales_and_unknown_scale():
    assert set(SCALES) == {"tiny", "municipality", "national"}
    assert SCALES["tiny"] < SCALES["municipality"] < SCALES["national"]
    with pytest.raises(ValueError):
        generate("huge", 1, TODAY)


def test_tables_in_order_with_exact_columns(tiny):
    assert list(tiny.tables) == list(TABLES)
    for name, columns in TABLES.items():
        table = tiny.tables[name]
        assert table.name == name
        assert table.columns == columns
        assert table.rows, name
        assert all(len(row) == len(columns) for row in table.rows)


def test_record_tables_hold_every_field_of_their_spec(tiny):
    for spec in (CITIZEN, EMPLOYER, POSITION, POSITION_TASK):
        columns = tiny.tables[spec.model].columns
        assert set(spec.stored) <= set(columns), spec.kind
        assert "visitation_date" not in columns  # kept on the approval, not the citizen


def test_crafted_positions_are_split_off_and_their_tasks_fit_the_spec(tiny):
    positions = by_id(records(tiny, "employers.Position"))
    tasks = records(tiny, "employers.PositionTask")
    assert tasks
    total: dict[int, float] = {}
    for t in tasks:
        assert positions[t["position_id"]]["split_off"]
        for spec in POSITION_TASK:
            value = Decimal(str(t[spec.name])) if spec.kind == "decimal" else t[spec.name]
            assert spec.check(value) is None, (spec.name, t)
        total[t["position_id"]] = total.get(t["position_id"], 0.0) + t["hours"]
    for position_id, hours in total.items():
        assert hours <= positions[position_id]["hours_max"] or hours <= 1.5
    citizens = records(tiny, "citizens.Citizen")
    assert sum(bool(c["competences"]) for c in citizens) == len(citizens)


def test_ids_are_consecutive_from_one(tiny):
    # A survey answer's key is random on purpose (no order that leads back: docs/surveys.md).
    for name in set(TABLES) - {"surveys.SurveyAnswer"}:
        assert [row[0] for row in tiny.tables[name].rows] == list(
            range(1, len(tiny.tables[name].rows) + 1)
        )


def test_same_seed_same_data_other_seed_other_data(tiny):
    again = generate("tiny", 7, TODAY)
    for name in TABLES:
        assert again.tables[name].rows == tiny.tables[name].rows, name
    assert again.summary == tiny.summary
    other = generate("tiny", 8, TODAY)
    assert other.tables["citizens.Citizen"].rows != tiny.tables["citizens.Citizen"].rows
    assert other.tables["employers.Position"].rows != tiny.tables["employers.Position"].rows


def test_progress_is_reported():
    calls = []
    generate(
        "tiny", 3, TODAY, progress=lambda phase, done, total: calls.append((phase, done, total))
    )
    assert calls
    assert all(isinstance(p, str) and 0 <= d <= t for p, d, t in calls)


def test_summary_is_json(tiny):
    json.dumps(tiny.summary)
    assert tiny.summary


def test_value_types(tiny):
    c = records(tiny, "citizens.Citizen")[0]
    assert type(c["birth_date"]) is dt.date
    assert isinstance(c["occupations"], list) and isinstance(c["needs"], list)
    assert isinstance(c["hours_min"], float) and isinstance(c["synthetic"], bool)
    assert isinstance(c["max_commute_km"], int)
    for name in ("employers.Position", "employment.HoursChange", "followup.HoursStep"):
        for r in records(tiny, name):
            for key, v in r.items():
                if key.startswith("hours"):
                    assert half_hours(v), (name, key, v)
    for r in records(tiny, "employment.Employment"):
        assert (
            isinstance(r["hourly_wage"], float) and round(r["hourly_wage"], 2) == r["hourly_wage"]
        )
    for name in TABLES:
        for row in tiny.tables[name].rows:
            for v in row:
                assert not isinstance(v, dt.datetime), name
                assert type(v).__module__ == "builtins" or type(v) is dt.date, (name, type(v))


# ------------------------------------------------------------------------------------------
# Constraints of each table
# ------------------------------------------------------------------------------------------


def test_foreign_keys_resolve(tiny):
    ids = {name: {row[0] for row in tiny.tables[name].rows} for name in TABLES}
    codes = {m.code for m in municipalities()}
    for child, column, parent in FOREIGN_KEYS:
        index = TABLES[child].index(column)
        for row in tiny.tables[child].rows:
            if row[index] is not None or column not in ("contact_person_id", "position_id"):
                assert row[index] in ids[parent], (child, column, row[index])
    for name in ("municipalities.MonthlyConditions", "employers.Employer", "citizens.Citizen"):
        index = TABLES[name].index("municipality_id")
        assert {row[index] for row in tiny.tables[name].rows} <= codes


def test_monthly_conditions(tiny):
    rows = records(tiny, "municipalities.MonthlyConditions")
    months = defaultdict(list)
    for r in rows:
        assert r["synthetic"] is True
        for key in ("unemployment_rate", "share_age_50_plus", "share_low_education"):
            assert 0 <= r[key] <= 1
        assert r["consultants_fte"] >= 0
        assert r["month"].day == 1 and r["month"] <= TODAY
        months[r["municipality_id"]].append(r["month"])
    assert len(months) == 98
    expected = (TODAY.year - 2005) * 12 + TODAY.month
    for ms in months.values():
        assert len(ms) == len(set(ms)) == expected
        assert min(ms) == HISTORY_START and max(ms) == TODAY.replace(day=1)


def test_employers_and_contacts(tiny):
    employers = records(tiny, "employers.Employer")
    cvrs = [e["cvr"] for e in employers]
    assert len(set(cvrs)) == len(cvrs)
    for e in employers:
        assert re.fullmatch(r"[1-9][0-9]{7}", e["cvr"]) and cvr_is_valid(e["cvr"])
        assert e["sector"] in SECTORS and e["size_band"] in SIZE_BANDS
        assert in_denmark(e["lat"], e["lon"]) and e["synthetic"] is True and e["name"]
    for c in records(tiny, "employers.ContactPerson"):
        assert c["name"] and len(c["name"]) <= 200
        assert re.fullmatch(r"[a-z0-9.\-]+@[a-z0-9\-]+\.invalid", c["email"]), c["email"]


def test_positions(tiny):
    for p in records(tiny, "employers.Position"):
        assert 0 < p["hours_min"] <= p["hours_max"] <= 37
        assert re.fullmatch(r"[0-9]{4}", p["occupation"]) and is_unit_group(p["occupation"])
        assert p["provides"] == sorted(set(p["provides"])) and set(p["provides"]) <= KEYS
        assert p["status"] in POSITION_STATUSES
        assert p["created_on"] <= TODAY and p["openings"] >= 1
        assert p["title"] and p["tasks_text"] and p["synthetic"] is True


def test_contact_log(tiny):
    contact_employer = {c["id"]: c["employer_id"] for c in records(tiny, "employers.ContactPerson")}
    rows = records(tiny, "employers.ContactLogEntry")
    for r in rows:
        assert r["channel"] in CHANNELS and r["outcome"] in OUTCOMES
        assert r["on"] <= TODAY
        assert r["follow_up_on"] is None or r["follow_up_on"] >= r["on"]
        if r["contact_person_id"] is not None:
            assert contact_employer[r["contact_person_id"]] == r["employer_id"]
    # At least the last three years.
    assert min(r["on"] for r in rows) <= add_years(TODAY, -3)


def test_citizens(tiny):
    citizens = records(tiny, "citizens.Citizen")
    cprs = [c["cpr"] for c in citizens]
    assert len(set(cprs)) == len(cprs)
    first = {"F": set(DanishNames.first_names_female), "M": set(DanishNames.first_names_male)}
    last = set(DanishNames.last_names)
    for c in citizens:
        assert re.fullmatch(r"[0-9]{10}", c["cpr"])
        parsed = parse_cpr(c["cpr"])
        assert parsed.birth_date == c["birth_date"] and parsed.sex == c["sex"]
        assert c["sex"] in ("F", "M")
        assert c["first_name"] in first[c["sex"]]
        assert all(part in last for part in c["last_name"].split())
        assert in_denmark(c["lat"], c["lon"])
        assert 0 <= c["max_commute_km"] <= 300
        assert 0 <= c["hours_min"] <= c["hours_capacity"] <= 37
        assert c["hours_min"] <= c["hours_target"] <= 37
        assert c["education"] in EDUCATIONS and c["goal"] in GOALS
        assert c["occupations"] and all(is_unit_group(o) for o in c["occupations"])
        assert c["needs"] and c["needs"] == sorted(set(c["needs"])) and set(c["needs"]) <= KEYS
        assert set(c["wishes_sectors"]) <= set(SECTORS)
        assert set(c["wishes_task_types"]) <= set(TASK_TYPES)
        assert c["skills_text"] and c["needs_note"]
        assert c["consent_share_profile"] == (c["consent_recorded_at"] is not None)
        if c["consent_recorded_at"] is not None:
            assert c["consent_recorded_at"] <= TODAY
        assert c["synthetic"] is True


def test_approvals(tiny):
    approvals = records(tiny, "citizens.Approval")
    active = Counter()
    statuses = {s.value for s in Status}
    reasons = {r.value for r in EndReason}
    for a in approvals:
        assert a["status"] in statuses
        assert (a["status"] == "ended") == (a["ended_reason"] != "")
        if a["ended_reason"]:
            assert a["ended_reason"] in reasons
        else:
            active[a["citizen_id"]] += 1
        assert a["visitation_date"] <= TODAY and a["status_since"] <= TODAY
        assert a["status_since"] >= a["visitation_date"]
        start = a["first_fleksjob_start"]
        assert start is None or a["visitation_date"] <= start <= TODAY
        if a["temporary_until"] is not None:
            assert start is not None and a["temporary_until"] > start
        assert a["old_scheme"] == (a["visitation_date"] < REFORM)
        if start is not None and not a["old_scheme"]:
            assert a["temporary_until"] == add_years(start, 5)
            horizon = TODAY if a["status"] != "ended" else a["status_since"]
            assert a["permanent"] == (a["temporary_until"] <= horizon)
        if a["permanent"]:
            assert start is not None
    assert max(active.values()) == 1


def test_status_log_replays_to_status(tiny):
    approvals = by_id(records(tiny, "citizens.Approval"))
    log = defaultdict(list)
    for t in records(tiny, "citizens.StatusTransition"):
        log[t["approval_id"]].append(t)
    assert set(log) == set(approvals)
    for aid, entries in log.items():
        a = approvals[aid]
        entries.sort(key=lambda t: (t["on"], t["id"]))
        assert entries[0]["from_status"] == "" and entries[0]["to_status"] in INITIAL
        assert entries[0]["on"] == a["visitation_date"]
        current = None
        for t in entries:
            assert t["from_status"] != t["to_status"]
            assert t["from_status"] == (current or "")
            check_transition(
                current, t["to_status"], a["ended_reason"] if t["to_status"] == "ended" else None
            )
            assert a["visitation_date"] <= t["on"] <= TODAY
            assert len(t["reason"]) <= 200
            current = t["to_status"]
        assert current == a["status"]
        assert entries[-1]["on"] == a["status_since"]


def test_spells_employments_hours(tiny):
    approvals = by_id(records(tiny, "citizens.Approval"))
    positions = by_id(records(tiny, "employers.Position"))
    open_spells = Counter()
    for s in records(tiny, "citizens.BenefitSpell"):
        a = approvals[s["approval_id"]]
        assert s["kind"] == "ledighedsydelse" and s["rate_category"] in RATE_CATEGORIES
        assert a["citizen_id"] == s["citizen_id"]
        assert a["visitation_date"] <= s["start"] <= TODAY
        if s["end"] is None:
            open_spells[s["citizen_id"]] += 1
        else:
            assert s["start"] <= s["end"] <= TODAY
    assert max(open_spells.values()) == 1
    employments = records(tiny, "employment.Employment")
    for e in employments:
        a = approvals[e["approval_id"]]
        assert e["kind"] in ("fleksjob", "ordinary") and a["citizen_id"] == e["citizen_id"]
        assert a["visitation_date"] <= e["start"] <= TODAY
        assert e["end"] is None or e["start"] <= e["end"] <= TODAY
        assert e["hourly_wage"] > 0
        if e["old_scheme"]:
            assert e["kind"] == "fleksjob" and e["start"] < REFORM
        if e["kind"] == "fleksjob" and e["start"] < REFORM:
            assert e["old_scheme"]
        if e["position_id"] is not None:
            p = positions[e["position_id"]]
            assert p["employer_id"] == e["employer_id"]
            assert p["status"] == ("filled" if e["end"] is None else "closed")
            assert p["created_on"] <= e["start"]
    filled = {e["position_id"] for e in employments if e["position_id"] and e["end"] is None}
    assert filled == {p["id"] for p in positions.values() if p["status"] == "filled"}

    spans = {e["id"]: (e["start"], e["end"] or TODAY) for e in employments}
    seen = set()
    starts = set()
    for h in records(tiny, "employment.HoursChange"):
        key = (h["employment_id"], h["valid_from"])
        assert key not in seen
        seen.add(key)
        assert 0 < h["hours_per_week"] <= 37
        a, b = spans[h["employment_id"]]
        assert a <= h["valid_from"] <= b
        if h["valid_from"] == a:
            starts.add(h["employment_id"])
    assert starts == set(spans)  # every employment has its hours from day one


def test_followup(tiny):
    approvals = by_id(records(tiny, "citizens.Approval"))
    plans = records(tiny, "followup.FollowUpPlan")
    active = Counter()
    for p in plans:
        a = approvals[p["approval_id"]]
        assert a["citizen_id"] == p["citizen_id"] and p["purpose"] in PURPOSES
        assert 1 <= p["cadence_weeks"] <= 130
        assert a["visitation_date"] <= p["agreed_on"] <= TODAY
        if p["active"]:
            active[p["approval_id"]] += 1
            assert a["status"] != "ended"
    assert max(active.values()) == 1
    assert len(active) == sum(1 for a in approvals.values() if a["status"] != "ended")
    steps = set()
    for s in records(tiny, "followup.HoursStep"):
        assert (s["plan_id"], s["target_date"]) not in steps
        steps.add((s["plan_id"], s["target_date"]))
        assert 0 < s["hours_per_week"] <= 37
    for m in records(tiny, "followup.FollowUpMeeting"):
        a = approvals[m["approval_id"]]
        assert a["citizen_id"] == m["citizen_id"]
        assert m["kind"] in MEETING_KINDS and m["channel"] in MEETING_CHANNELS
        assert a["visitation_date"] <= m["held_on"] <= TODAY


# ------------------------------------------------------------------------------------------
# Coherence of each case
# ------------------------------------------------------------------------------------------


def test_case_status_matches_the_data(tiny):
    approvals = by_id(records(tiny, "citizens.Approval"))
    open_spells = Counter(
        s["approval_id"] for s in records(tiny, "citizens.BenefitSpell") if s["end"] is None
    )
    jobs = records(tiny, "employment.Employment")
    open_jobs = Counter(
        e["approval_id"] for e in jobs if e["end"] is None and e["kind"] == "fleksjob"
    )
    waiting = 0
    unemployed = 0
    for aid, a in approvals.items():
        if a["status"] == "approved_unemployed":
            unemployed += 1
            assert open_jobs[aid] == 0 and open_spells[aid] <= 1
            waiting += open_spells[aid] == 0
        elif a["status"] == "in_fleksjob":
            assert open_jobs[aid] == 1 and open_spells[aid] == 0
        else:  # paused or ended: nothing open
            assert open_jobs[aid] == 0 and open_spells[aid] == 0
    # A small documented share is approved-unemployed while waiting without a spell.
    assert waiting <= max(3, 0.06 * unemployed)


def test_first_fleksjob_start_and_transitions_match_employments(tiny):
    approvals = by_id(records(tiny, "citizens.Approval"))
    starts = defaultdict(set)
    ends = defaultdict(set)
    first = {}
    for e in records(tiny, "employment.Employment"):
        if e["kind"] != "fleksjob":
            continue
        aid = e["approval_id"]
        first[aid] = min(first.get(aid, e["start"]), e["start"])
        starts[aid].add(e["start"])
        if e["end"] is not None:
            ends[aid].add(e["end"] + dt.timedelta(days=1))
    for aid, a in approvals.items():
        assert a["first_fleksjob_start"] == first.get(aid)
    for t in records(tiny, "citizens.StatusTransition"):
        if t["to_status"] == "in_fleksjob":
            assert t["on"] in starts[t["approval_id"]]
        if t["from_status"] == "in_fleksjob":
            assert t["on"] in ends[t["approval_id"]]


def test_spells_and_fleksjobs_do_not_overlap(tiny):
    periods = defaultdict(list)
    for s in records(tiny, "citizens.BenefitSpell"):
        periods[s["citizen_id"]].append((s["start"], s["end"] or TODAY))
    for e in records(tiny, "employment.Employment"):
        if e["kind"] == "fleksjob":
            periods[e["citizen_id"]].append((e["start"], e["end"] or TODAY))
    for spans in periods.values():
        spans.sort()
        for a, b in itertools.pairwise(spans):
            assert not overlaps(a, b), (a, b)


# ------------------------------------------------------------------------------------------
# Every municipality is usable; matching finds feasible pairs
# ------------------------------------------------------------------------------------------


def test_every_municipality_has_citizens_employers_and_open_positions(tiny):
    citizens = by_id(records(tiny, "citizens.Citizen"))
    employers = by_id(records(tiny, "employers.Employer"))
    active = Counter(
        citizens[a["citizen_id"]]["municipality_id"]
        for a in records(tiny, "citizens.Approval")
        if a["status"] != "ended"
    )
    with_open = defaultdict(set)
    for p in records(tiny, "employers.Position"):
        if p["status"] == "open":
            e = employers[p["employer_id"]]
            with_open[e["municipality_id"]].add(e["id"])
    for m in municipalities():
        assert active[m.code] >= 5, m.name
        assert len(with_open[m.code]) >= 3, m.name
    for code in PERSONA_CODES:
        assert active[code] >= 10 and len(with_open[code]) >= 5


def _feasible(citizen: dict, position: dict) -> bool:
    return (
        set(citizen["needs"]) <= set(position["provides"])
        and position["hours_min"] <= citizen["hours_capacity"]
        and citizen["hours_min"] <= position["hours_max"]
    )


def test_open_positions_fit_unemployed_citizens(tiny):
    citizens = by_id(records(tiny, "citizens.Citizen"))
    employers = by_id(records(tiny, "employers.Employer"))
    open_by_muni = defaultdict(list)
    for p in records(tiny, "employers.Position"):
        if p["status"] == "open":
            open_by_muni[employers[p["employer_id"]]["municipality_id"]].append(p)
    unemployed = [
        citizens[a["citizen_id"]]
        for a in records(tiny, "citizens.Approval")
        if a["status"] == "approved_unemployed"
    ]
    fits = [any(_feasible(c, p) for p in open_by_muni[c["municipality_id"]]) for c in unemployed]
    assert sum(fits) >= 0.5 * len(fits)
    for code in PERSONA_CODES:
        here = [c for c in unemployed if c["municipality_id"] == code]
        if here:
            assert any(_feasible(c, p) for c in here for p in open_by_muni[code]), code


def test_academic_positions_at_about_13_hours(tiny):
    positions = records(tiny, "employers.Position")
    for code in ("2611", "2423"):  # lawyer, HR specialist
        assert any(
            p["occupation"] == code
            and p["status"] == "open"
            and p["hours_min"] <= 13 <= p["hours_max"]
            for p in positions
        ), code


def test_common_names_are_common(tiny):
    last = Counter(c["last_name"].split()[-1] for c in records(tiny, "citizens.Citizen"))
    top5 = sum(n for _, n in last.most_common(5))
    assert top5 >= 0.2 * sum(last.values())  # uniform over 91 names would give ~5.5 %
    assert len(last) >= 40


# ------------------------------------------------------------------------------------------
# Calibration, computed from the tables (municipality scale ≈ 10,000 active citizens)
# ------------------------------------------------------------------------------------------


def _calibration(ds: Dataset) -> dict:
    citizens = by_id(records(ds, "citizens.Citizen"))
    approvals = records(ds, "citizens.Approval")
    jobs = records(ds, "employment.Employment")
    active = [a for a in approvals if a["status"] != "ended"]
    per_muni = defaultdict(lambda: [0, 0])
    for a in active:
        m = citizens[a["citizen_id"]]["municipality_id"]
        per_muni[m][0] += 1
        per_muni[m][1] += a["status"] == "approved_unemployed"
    unemployed = sum(u for _, u in per_muni.values())
    in_2005 = sum(
        1
        for e in jobs
        if e["kind"] == "fleksjob"
        and e["start"] <= HISTORY_START
        and (e["end"] is None or e["end"] >= HISTORY_START)
    )
    today = ds.tables["municipalities.MonthlyConditions"].rows[-1][2]
    hours_now = hours_in_force(ds, TODAY)
    current_new = [hours_now[e["id"]] for e in jobs if e["end"] is None and not e["old_scheme"]]
    statuses = Counter(p["status"] for p in records(ds, "employers.Position"))
    return {
        "active": len(active),
        "unemployed_share": unemployed / len(active),
        "per_muni": dict(per_muni),
        "in_fleksjob_2005": in_2005,
        "under_10": sum(h < 10 for h in current_new) / len(current_new),
        "positions": sum(statuses.values()),
        "statuses": statuses,
        "month": today,
    }


def test_calibration_at_municipality_scale(medium):
    cal = _calibration(medium)
    assert 9_000 <= cal["active"] <= 11_000
    assert 0.12 <= cal["unemployed_share"] <= 0.18
    assert 3_800 <= cal["in_fleksjob_2005"] <= 4_200
    assert 0.25 <= cal["under_10"] <= 0.45
    assert 3_000 <= cal["positions"] <= 5_000
    assert all(cal["statuses"][s] > 0 for s in ("open", "filled", "closed", "draft"))


def test_municipalities_genuinely_differ(medium):
    """More spread between municipalities than chance alone (overdispersion) and a real range."""
    cal = _calibration(medium)
    units = [(n, u) for n, u in cal["per_muni"].values() if n >= 50]
    assert len(units) >= 30
    shares = sorted(u / n for n, u in units)
    assert shares[0] < 0.10 and shares[-1] > 0.20
    p = sum(u for _, u in units) / sum(n for n, _ in units)
    chi2 = sum((u - n * p) ** 2 / (n * p * (1 - p)) for n, u in units)
    assert chi2 / (len(units) - 1) > 1.5


def test_local_unemployment_is_a_covariate_that_matters(medium):
    """Municipalities with higher local unemployment have (on average) more unemployed cases."""
    cal = _calibration(medium)
    latest = {
        r[1]: r[3]
        for r in medium.tables["municipalities.MonthlyConditions"].rows
        if r[2] == cal["month"]
    }
    units = [(latest[m], u / n) for m, (n, u) in cal["per_muni"].items() if n >= 50]
    units.sort()
    half = len(units) // 2
    low = sum(s for _, s in units[:half]) / half
    high = sum(s for _, s in units[half:]) / (len(units) - half)
    assert high > low


def test_history_grows_from_2005(medium):
    approvals = records(medium, "citizens.Approval")
    transitions = defaultdict(list)
    for t in records(medium, "citizens.StatusTransition"):
        transitions[t["approval_id"]].append(t)

    def active_on(day: dt.date) -> int:
        n = 0
        for a in approvals:
            if a["visitation_date"] > day:
                continue
            ended = [t["on"] for t in transitions[a["id"]] if t["to_status"] == "ended"]
            n += not ended or ended[0] > day
        return n

    assert 4_500 <= active_on(HISTORY_START) <= 5_500
    assert active_on(dt.date(2015, 1, 1)) > active_on(HISTORY_START)


@pytest.mark.slow
def test_national_headlines():
    ds = generate("national", 1, TODAY)
    cal = _calibration(ds)
    assert 95_000 <= cal["active"] <= 105_000
    assert 0.13 <= cal["unemployed_share"] <= 0.17
    shares = [u / n for n, u in cal["per_muni"].values()]
    assert min(shares) < 0.10 and max(shares) > 0.20
    assert 39_000 <= cal["in_fleksjob_2005"] <= 41_000
    assert 30_000 <= cal["positions"] <= 50_000
    assert 0.25 <= cal["under_10"] <= 0.45


def test_survey_answers_have_random_unique_keys_and_no_link_back(tiny):
    answers = tiny.tables["surveys.SurveyAnswer"]
    keys = [row[0] for row in answers.rows]
    assert keys and len(set(keys)) == len(keys) and all(len(k) == 32 for k in keys)
    assert not {"citizen_id", "contact_person_id", "source_id"} & set(answers.columns)
    invited = tiny.tables["surveys.SurveyInvitation"]
    answered = sum(row[invited.columns.index("answered_at")] is not None for row in invited.rows)
    assert answered == len(answers.rows)
