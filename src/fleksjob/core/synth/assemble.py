"""Generate synthetic Denmark and lay it out as the 14 tables the loader inserts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from fleksjob.core.records import CITIZEN, EMPLOYER, POSITION, POSITION_TASK

from . import calibration as cal
from .cases import STATUS_NAMES, derive
from .citizens import GOALS, citizen_state, consent_days, cpr_numbers, person_names
from .competences import competences_of, crafted_tasks
from .conditions import monthly_conditions
from .days import NONE, DateCache, add_years, day
from .employers import SIZE_KEYS, build_contact_log, build_employers
from .followup import (
    CHANNELS,
    KINDS,
    PURPOSES,
    Meetings,
    fleksjob_follow_ups,
    jobsamtaler,
    plans,
    reviews,
)
from .history import REASONS, REFORM, E, F, U, calibrate, simulate_population
from .history import T0 as HISTORY_T0
from .jobs import build_jobs
from .municipal import build as build_municipalities
from .municipal import scatter_points
from .occupations import HIGH, OCCUPATIONS
from .offers import CAPACITY_MONTHS, EMPLOYER_FACING_SHARE, build_offers
from .offers import KINDS as OFFER_KINDS
from .offers import OUTCOMES as OFFER_OUTCOMES
from .offers import capacity as consultant_capacity
from .people import EDUCATIONS, NEED_KEYS
from .positions import STATUSES, Positions, linked_positions, position_texts, vacancies
from .profiles import SECTOR_KEYS, assign_occupations, occupation_codes, skills_texts, wishes
from .surveys import build_surveys
from .texts import (
    END_REASON_TEXTS,
    MEETING_TEXTS,
    NEEDS_PROFILES,
    PLAN_TEXTS,
    TRANSITION_REASONS,
)

Progress = Callable[[str, int, int], None]


@dataclass
class Table:
    name: str  # "app_label.ModelName"
    columns: tuple[str, ...]  # Django field attnames
    rows: list[tuple]  # one tuple per row, in column order


@dataclass
class Dataset:
    tables: dict[str, Table]  # in foreign-key dependency order
    summary: dict = field(default_factory=dict)  # calibration figures achieved (JSON-serialisable)


COLUMNS: dict[str, tuple[str, ...]] = {
    "municipalities.MonthlyConditions": (
        "id",
        "municipality_id",
        "month",
        "unemployment_rate",
        "share_age_50_plus",
        "share_low_education",
        "consultants_fte",
        "synthetic",
    ),
    # The three records take their columns from the record specs (fleksjob.core.records).
    "employers.Employer": ("id", "municipality_id", *EMPLOYER.stored, "synthetic"),
    "employers.ContactPerson": ("id", "employer_id", "name", "title", "email", "phone"),
    "employers.Position": ("id", "employer_id", *POSITION.stored, "synthetic"),
    "employers.PositionTask": ("id", "position_id", *POSITION_TASK.stored),
    "employers.ContactLogEntry": (
        "id",
        "employer_id",
        "contact_person_id",
        "on",
        "channel",
        "outcome",
        "note",
        "follow_up_on",
    ),
    "citizens.Citizen": (
        "id",
        "municipality_id",
        *CITIZEN.stored,
        "birth_date",
        "sex",
        "consent_recorded_at",
        "synthetic",
    ),
    "citizens.Approval": (
        "id",
        "citizen_id",
        "visitation_date",
        "first_fleksjob_start",
        "temporary_until",
        "permanent",
        "old_scheme",
        "status",
        "status_since",
        "ended_reason",
    ),
    "citizens.StatusTransition": ("id", "approval_id", "from_status", "to_status", "on", "reason"),
    "citizens.BenefitSpell": (
        "id",
        "citizen_id",
        "approval_id",
        "kind",
        "start",
        "end",
        "rate_category",
    ),
    "employment.Employment": (
        "id",
        "citizen_id",
        "approval_id",
        "employer_id",
        "position_id",
        "kind",
        "start",
        "end",
        "hourly_wage",
        "old_scheme",
    ),
    "employment.HoursChange": ("id", "employment_id", "valid_from", "hours_per_week"),
    "offers.ActiveOffer": (
        "id",
        "citizen_id",
        "approval_id",
        "kind",
        "employer_id",
        "start",
        "planned_end",
        "ended_on",
        "weekly_hours",
        "purpose",
        "outcome",
    ),
    "offers.ConsultantCapacity": (
        "id",
        "municipality_id",
        "month",
        "consultants_fte",
        "employer_fte",
        "synthetic",
    ),
    "followup.FollowUpPlan": (
        "id",
        "citizen_id",
        "approval_id",
        "purpose",
        "agreed_text",
        "cadence_weeks",
        "agreed_on",
        "next_due",
        "active",
    ),
    "followup.HoursStep": ("id", "plan_id", "target_date", "hours_per_week"),
    "followup.FollowUpMeeting": (
        "id",
        "citizen_id",
        "approval_id",
        "held_on",
        "kind",
        "channel",
        "agreed_text",
    ),
    "surveys.SurveyInvitation": (
        "id",
        "token",
        "municipality_id",
        "survey_id",
        "version",
        "audience",
        "trigger",
        "source_id",
        "citizen_id",
        "contact_person_id",
        "triggered_on",
        "sent_on",
        "open_until",
        "answered_at",
    ),
    "surveys.SurveyAnswer": (
        "id",
        "municipality_id",
        "survey_id",
        "version",
        "audience",
        "trigger",
        "month",
        "scores",
        "satisfied",
    ),
}

_ALPHA = np.argsort(np.array(NEED_KEYS))  # column order giving alphabetically sorted key lists
_ALPHA_KEYS = [NEED_KEYS[i] for i in _ALPHA]


def key_lists(matrix: np.ndarray) -> list[list[str]]:
    """Each boolean row as the sorted list of skånehensyn keys it marks."""
    m = matrix[:, _ALPHA]
    rows, cols = np.nonzero(m)
    bounds = np.searchsorted(rows, np.arange(len(m) + 1))
    keys = [_ALPHA_KEYS[c] for c in cols.tolist()]
    return [keys[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]


def _ids(n: int) -> range:
    return range(1, n + 1)


def _pick_texts(
    rng: np.random.Generator, options: list[tuple[str, ...]], which: np.ndarray
) -> list[str]:
    r = rng.integers(0, 1 << 30, len(which)).tolist()
    return [options[w][x % len(options[w])] for w, x in zip(which.tolist(), r, strict=True)]


class _Steps:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress("syntetisk Danmark", min(self.done, self.total), self.total)


def generate_dataset(
    scale: float, seed: int, today: dt.date, progress: Progress | None = None
) -> Dataset:
    if today < cal.HISTORY_START + dt.timedelta(days=365):
        raise ValueError(f"today must be after {cal.HISTORY_START.year + 1}-01-01")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    step = _Steps(progress, 14)
    streams = [
        np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(12)
    ]
    (r_muni, r_sim, r_prof, r_emp, r_jobs, r_cit, r_pos, r_log, r_fu, r_tab, r_names, r_loc) = (
        streams
    )
    # Spawned children depend only on their index: a 13th stream leaves the 12 above as they were.
    r_offers = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed).spawn(13)[12]))
    dates = DateCache(dt.date(1930, 1, 1), today + dt.timedelta(days=10 * 366))
    d = dates.many
    T = day(today)

    # The targets describe the present; an early ``today`` keeps the present-day dynamics and
    # shows the history as it stood then (no forcing of 100,000 active cases into 2006).
    params = calibrate(max(today, cal.CALIBRATION_FLOOR))
    step()
    target = cal.ACTIVE_CITIZENS_NATIONAL * scale
    muni = build_municipalities(r_muni, today, target, anchored=scale >= cal.ANCHOR_MIN_SCALE)
    pop = simulate_population(r_sim, muni, params, scale, today)
    view = derive(pop)
    people = pop.people
    cases = pop.cases
    step()

    occ1, occ2 = assign_occupations(r_prof, people)
    emp = build_employers(r_emp, muni, scale)
    jobs = build_jobs(r_jobs, pop, emp, occ1, occ2)
    high_band = np.array([o.band == HIGH for o in OCCUPATIONS])[occ1]
    state = citizen_state(r_cit, pop, view, jobs, high_band)
    latest = state.latest_case
    unemployed = np.flatnonzero(view.status[latest] == U)
    step()

    pos_linked = linked_positions(r_pos, pop, jobs, 0)
    pos_vac = vacancies(r_pos, pop, emp, state, occ1, unemployed, scale)
    pos = Positions.concat([pos_vac, pos_linked])
    jobs.position = np.where(jobs.position >= 0, jobs.position + len(pos_vac), -1)
    open_jobs = jobs.end == NONE
    has_fleksjobber = np.zeros(len(emp), dtype=bool)
    has_fleksjobber[jobs.employer[open_jobs]] = True
    log = build_contact_log(r_log, muni, emp, has_fleksjobber, today)
    step()

    tables: dict[str, Table] = {}

    def put(name: str, rows: list[tuple]) -> None:
        tables[name] = Table(name, COLUMNS[name], rows)
        if progress is not None:
            progress(name, len(rows), len(rows))

    def put_record(name: str, values: dict[str, list]) -> None:
        """A record table from its columns by name, in the order of ``COLUMNS`` (the spec's)."""
        columns = COLUMNS[name]
        if set(values) != set(columns):
            raise ValueError(f"{name}: columns differ from the spec: {set(values) ^ set(columns)}")
        put(name, list(zip(*(values[c] for c in columns), strict=True)))

    # 1. Monthly conditions
    cond = monthly_conditions(pop)
    n_m, n_months = cond["unemployment_rate"].shape
    month_dates = d(muni.months)
    rows = []
    i = 0
    for mi in range(n_m):
        code = muni.codes[mi]
        cols = [
            cond[k][mi].tolist()
            for k in (
                "unemployment_rate",
                "share_age_50_plus",
                "share_low_education",
                "consultants_fte",
            )
        ]
        for j in range(n_months):
            i += 1
            rows.append(
                (i, code, month_dates[j], cols[0][j], cols[1][j], cols[2][j], cols[3][j], True)
            )
    put("municipalities.MonthlyConditions", rows)

    # 2–3. Employers and contact persons
    codes = np.array(muni.codes, dtype=object)
    put_record(
        "employers.Employer",
        {
            "id": _ids(len(emp)),
            "cvr": emp.cvr,
            "name": emp.names,
            "municipality_id": codes[emp.muni].tolist(),
            "sector": [SECTOR_KEYS[s] for s in emp.sector.tolist()],
            "size_band": [SIZE_KEYS[s] for s in emp.size.tolist()],
            "is_public": emp.public.tolist(),
            "street": emp.streets,
            "postcode": [""] * len(emp),
            "city": emp.cities,
            "lat": emp.lat.tolist(),
            "lon": emp.lon.tolist(),
            "synthetic": [True] * len(emp),
        },
    )
    put(
        "employers.ContactPerson",
        list(
            zip(
                _ids(len(emp.contact_employer)),
                (emp.contact_employer + 1).tolist(),
                emp.contact_names,
                emp.contact_titles,
                emp.contact_emails,
                emp.contact_phones,
                strict=True,
            )
        ),
    )
    step()

    # 4. Positions
    titles, texts = position_texts(r_tab, pos)
    put_record(
        "employers.Position",
        {
            "id": _ids(len(pos)),
            "employer_id": (pos.employer + 1).tolist(),
            "title": titles,
            "occupation": [OCCUPATIONS[o].code for o in pos.occupation.tolist()],
            "tasks_text": texts,
            "hours_min": pos.hours_min.tolist(),
            "hours_max": pos.hours_max.tolist(),
            "provides": key_lists(pos.provides),
            "remote_allowed": pos.remote.tolist(),
            "openings": pos.openings.tolist(),
            "split_off": pos.split_off.tolist(),
            "status": [STATUSES[s] for s in pos.status.tolist()],
            "created_on": d(pos.created),
            "synthetic": [True] * len(pos),
        },
    )

    # Job crafting: the positions split off from other jobs, described as tasks.
    task_rows = crafted_tasks(
        pos.occupation.tolist(), pos.hours_max.tolist(), pos.split_off.tolist()
    )
    put_record(
        "employers.PositionTask",
        {
            "id": _ids(len(task_rows)),
            "position_id": [row[0] + 1 for row in task_rows],
            "description": [row[1] for row in task_rows],
            "hours": [row[2] for row in task_rows],
            "skills": [row[3] for row in task_rows],
            "occupation": [""] * len(task_rows),
        },
    )

    # 5. Contact log (by date)
    order = np.argsort(log.on, kind="stable")
    contact = log.contact[order]
    put(
        "employers.ContactLogEntry",
        list(
            zip(
                _ids(len(order)),
                (log.employer[order] + 1).tolist(),
                [None if c < 0 else c + 1 for c in contact.tolist()],
                d(log.on[order]),
                [log.channel[i] for i in order.tolist()],
                [log.outcome[i] for i in order.tolist()],
                [log.note[i] for i in order.tolist()],
                d(log.follow_up_on[order]),
                strict=True,
            )
        ),
    )
    step()

    # 6. Citizens
    n_p = len(people)
    firsts, lasts = person_names(r_names, pop)
    cprs = cpr_numbers(r_cit, pop, dates)
    lat, lon = scatter_points(r_loc, muni, people.muni)
    consent, consent_on = consent_days(r_cit, pop, latest)
    w_sectors, w_tasks = wishes(r_prof, occ1)
    notes = _pick_texts(r_tab, [p.notes for p in NEEDS_PROFILES], people.profile)
    put_record(
        "citizens.Citizen",
        {
            "id": _ids(n_p),
            "municipality_id": codes[people.muni].tolist(),
            "cpr": cprs,
            "birth_date": d(people.birth),
            "sex": np.where(people.female, "F", "M").tolist(),
            "first_name": firsts,
            "last_name": lasts,
            "lat": lat.tolist(),
            "lon": lon.tolist(),
            "max_commute_km": state.max_commute.tolist(),
            "remote_ok": state.remote_ok.tolist(),
            "education": [EDUCATIONS[e] for e in people.education.tolist()],
            "occupations": occupation_codes(occ1, occ2),
            "skills_text": skills_texts(r_prof, occ1, occ2),
            "needs": key_lists(people.needs),
            "needs_note": notes,
            "hours_min": state.hours_min.tolist(),
            "hours_capacity": state.capacity.tolist(),
            "hours_target": state.target.tolist(),
            "wishes_sectors": w_sectors,
            "wishes_task_types": w_tasks,
            "competences": [competences_of(c) for c in occupation_codes(occ1, occ2)],
            "goal": [GOALS[g] for g in state.goal.tolist()],
            "consent_share_profile": consent.tolist(),
            "consent_recorded_at": d(consent_on),
            "synthetic": [True] * n_p,
        },
    )
    step()

    # 7. Approvals
    n_c = len(cases)
    first_job = view.first_job
    has_job = first_job != NONE
    old = cases.visit < REFORM
    temp = np.where(
        has_job & ~old, add_years(np.where(has_job, first_job, 0), cal.TEMPORARY_YEARS), NONE
    )
    horizon = np.where(cases.end_day == NONE, T, cases.end_day)
    permanent = has_job & (old | ((temp != NONE) & (temp <= horizon)))
    status_names = np.array(STATUS_NAMES, dtype=object)[view.status].tolist()
    ended_reason = ["" if r < 0 else REASONS[r] for r in cases.end_reason.tolist()]
    put(
        "citizens.Approval",
        list(
            zip(
                _ids(n_c),
                (cases.citizen + 1).tolist(),
                d(cases.visit),
                d(first_job),
                d(temp),
                permanent.tolist(),
                old.tolist(),
                status_names,
                d(view.status_since),
                ended_reason,
                strict=True,
            )
        ),
    )

    # 8. Status transitions
    names_ = list(STATUS_NAMES)
    reasons = []
    r = r_tab.integers(0, 1 << 30, len(view.t_case)).tolist()
    for f, t, rs, x in zip(
        view.t_from.tolist(), view.t_to.tolist(), view.t_reason.tolist(), r, strict=True
    ):
        if t == E:
            reasons.append(END_REASON_TEXTS[REASONS[rs]])
        else:
            opts = TRANSITION_REASONS[("" if f < 0 else names_[f], names_[t])]
            reasons.append(opts[x % len(opts)])
    put(
        "citizens.StatusTransition",
        list(
            zip(
                _ids(len(view.t_case)),
                (view.t_case + 1).tolist(),
                ["" if f < 0 else names_[f] for f in view.t_from.tolist()],
                [names_[t] for t in view.t_to.tolist()],
                d(view.t_on),
                reasons,
                strict=True,
            )
        ),
    )
    step()

    # 9. Ledighedsydelse spells: the unemployed episodes, except a few waiting without one.
    eps = pop.episodes
    is_u = np.flatnonzero(eps.kind == U)
    with_spell = is_u[r_tab.random(len(is_u)) >= cal.UNEMPLOYED_WITHOUT_SPELL]
    sp_case = eps.case[with_spell]
    sp_start, sp_end = eps.start[with_spell], eps.end[with_spell]
    kh_case = (cases.visit >= REFORM) & (r_tab.random(n_c) < cal.KONTANTHJAELP_LEVEL_SHARE)
    before_job = (first_job[sp_case] == NONE) | (sp_start < first_job[sp_case])
    rate = np.where(kh_case[sp_case] & before_job, "kontanthjaelp", "dagpenge_89").tolist()
    put(
        "citizens.BenefitSpell",
        list(
            zip(
                _ids(len(sp_case)),
                (cases.citizen[sp_case] + 1).tolist(),
                (sp_case + 1).tolist(),
                ["ledighedsydelse"] * len(sp_case),
                d(sp_start),
                d(sp_end),
                rate,
                strict=True,
            )
        ),
    )

    # 10–11. Employments and their hours
    n_j = len(jobs)
    put(
        "employment.Employment",
        list(
            zip(
                _ids(n_j),
                (jobs.citizen + 1).tolist(),
                (jobs.case + 1).tolist(),
                (jobs.employer + 1).tolist(),
                [None if p < 0 else p + 1 for p in jobs.position.tolist()],
                ["fleksjob"] * n_j,
                d(jobs.start),
                d(jobs.end),
                jobs.wage.tolist(),
                jobs.old.tolist(),
                strict=True,
            )
        ),
    )
    put(
        "employment.HoursChange",
        list(
            zip(
                _ids(len(jobs.hc_job)),
                (jobs.hc_job + 1).tolist(),
                d(jobs.hc_from),
                jobs.hc_hours.tolist(),
                strict=True,
            )
        ),
    )
    step()

    # Active offers on ledighedsydelse, and the consultant capacity of the recent months.
    f_starts = eps.case[eps.kind == F].astype(np.int64) * (1 << 22) + eps.start[eps.kind == F]
    then_job = (sp_end != NONE) & np.isin(
        sp_case.astype(np.int64) * (1 << 22) + sp_end + 1, f_starts
    )
    of = build_offers(
        r_offers,
        today=T,
        codes=muni.codes,
        staffing=muni.staffing,
        sp_case=sp_case,
        sp_muni=people.muni[cases.citizen[sp_case]],
        sp_start=sp_start,
        sp_end=sp_end,
        sp_then_job=then_job,
        emp_muni=emp.muni,
    )
    put(
        "offers.ActiveOffer",
        list(
            zip(
                _ids(len(of.case)),
                (cases.citizen[of.case] + 1).tolist(),
                (of.case + 1).tolist(),
                [OFFER_KINDS[k] for k in of.kind.tolist()],
                [None if e < 0 else e + 1 for e in of.employer.tolist()],
                d(of.start),
                d(of.planned_end),
                d(of.ended),
                of.hours.tolist(),
                [""] * len(of.case),
                ["" if o < 0 else OFFER_OUTCOMES[o] for o in of.outcome.tolist()],
                strict=True,
            )
        ),
    )
    fte = consultant_capacity(muni.codes, cond["consultants_fte"], scale)
    first = max(n_months - CAPACITY_MONTHS, 0)
    rows = []
    for mi in range(n_m):
        for j in range(first, n_months):
            total = float(fte[mi, j])
            employer_fte = round(total * EMPLOYER_FACING_SHARE, 2)
            rows.append((len(rows) + 1, muni.codes[mi], month_dates[j], total, employer_fte, True))
    put("offers.ConsultantCapacity", rows)

    # 12–13. Follow-up plans and hours steps
    pl = plans(r_fu, pop, view, state)
    put(
        "followup.FollowUpPlan",
        list(
            zip(
                _ids(len(pl.case)),
                (cases.citizen[pl.case] + 1).tolist(),
                (pl.case + 1).tolist(),
                [PURPOSES[p] for p in pl.purpose.tolist()],
                _pick_texts(r_fu, [PLAN_TEXTS[p] for p in PURPOSES], pl.purpose),
                pl.cadence.tolist(),
                d(pl.agreed),
                d(pl.next_due),
                pl.active.tolist(),
                strict=True,
            )
        ),
    )
    put(
        "followup.HoursStep",
        list(
            zip(
                _ids(len(pl.s_plan)),
                (pl.s_plan + 1).tolist(),
                d(pl.s_date),
                pl.s_hours.tolist(),
                strict=True,
            )
        ),
    )
    step()

    # 14. Meetings
    parts = [
        jobsamtaler(r_fu, pop, sp_case, sp_start, sp_end),
        fleksjob_follow_ups(r_fu, pop, jobs),
        reviews(r_fu, pop, view),
    ]
    mt = Meetings.concat(parts)
    mt = mt.take(np.lexsort((mt.held, mt.case)))
    put(
        "followup.FollowUpMeeting",
        list(
            zip(
                _ids(len(mt.case)),
                (cases.citizen[mt.case] + 1).tolist(),
                (mt.case + 1).tolist(),
                d(mt.held),
                [KINDS[k] for k in mt.kind.tolist()],
                [CHANNELS[c] for c in mt.channel.tolist()],
                _pick_texts(r_fu, [MEETING_TEXTS[k] for k in KINDS], mt.kind),
                strict=True,
            )
        ),
    )
    # Satisfaction surveys after the meetings, fleksjobs and visits of the last two years.
    r_surveys = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed).spawn(14)[13]))
    invitations, answers = build_surveys(r_surveys, tables, today, list(muni.codes))
    put("surveys.SurveyInvitation", invitations)
    put("surveys.SurveyAnswer", answers)
    step()

    summary = _summary(
        pop=pop,
        view=view,
        jobs=jobs,
        pos=pos,
        cond=cond,
        tables=tables,
        params=params,
        sp_case=sp_case,
        sp_start=sp_start,
        sp_end=sp_end,
        mt=mt,
        log=log,
        has_fleksjobber=has_fleksjobber,
        emp=emp,
        today=today,
    )
    step()
    return Dataset(tables, summary)


def _summary(
    *,
    pop,
    view,
    jobs,
    pos,
    cond,
    tables,
    params,
    sp_case,
    sp_start,
    sp_end,
    mt,
    log,
    has_fleksjobber,
    emp,
    today,
) -> dict:
    T = pop.today
    cases = pop.cases
    muni = pop.municipalities
    active = view.status != E
    c_muni = pop.people.muni[cases.citizen]
    n_active = np.bincount(c_muni[active], minlength=len(muni))
    n_unemp = np.bincount(c_muni[active & (view.status == U)], minlength=len(muni))
    share = n_unemp / np.maximum(n_active, 1)
    eps = pop.episodes
    in_f_2005 = int(
        (
            (eps.kind == F)
            & (eps.start <= HISTORY_T0)
            & ((eps.end == NONE) | (eps.end >= HISTORY_T0))
        ).sum()
    )
    open_j = jobs.end == NONE
    new_open = open_j & ~jobs.old
    under10 = float((jobs.last_hours[new_open] < 10).mean()) if new_open.any() else 0.0
    rose = np.zeros(len(jobs), dtype=bool)
    hc_prev = np.r_[np.inf, jobs.hc_hours[:-1]]
    same_job = np.r_[False, jobs.hc_job[1:] == jobs.hc_job[:-1]]
    up = same_job & (jobs.hc_hours > hc_prev) & (jobs.hc_from > T - 365)
    rose[jobs.hc_job[up]] = True
    # Jobsamtaler in the first six months of spells from 2016 that lasted six months.
    long_ = (sp_start >= day(cal.MEETINGS_FROM)) & (
        np.where(sp_end == NONE, T, sp_end) - sp_start >= 183
    )
    early = mt.spell >= 0
    early &= mt.held < sp_start[np.maximum(mt.spell, 0)] + 183
    counts = np.bincount(mt.spell[early], minlength=len(sp_case))
    early_share = float((counts[long_] >= 4).mean()) if long_.any() else 0.0
    contacted = np.zeros(len(emp), dtype=bool)
    contacted[log.employer[log.on > T - 365]] = True
    u_now = cond["unemployed"][:, -1]
    fte_now = cond["consultants_fte"][:, -1]
    per100 = float(fte_now.sum() / max(u_now.sum(), 1) * 100)
    status_counts = {s: int((pos.status == i).sum()) for i, s in enumerate(STATUSES)}
    return {
        "today": today.isoformat(),
        "rows": {name: len(t.rows) for name, t in tables.items()},
        "citizens": len(pop.people),
        "cases": len(cases),
        "active_cases": int(active.sum()),
        "unemployed_share": float(n_unemp.sum() / max(n_active.sum(), 1)),
        "unemployed_share_by_municipality": {
            "min": float(share.min()),
            "p10": float(np.percentile(share, 10)),
            "median": float(np.median(share)),
            "p90": float(np.percentile(share, 90)),
            "max": float(share.max()),
        },
        "unemployed_share_of": {code: float(s) for code, s in zip(muni.codes, share, strict=True)},
        "active_by_municipality_min": int(n_active.min()),
        "in_fleksjob_2005_01_01": in_f_2005,
        "in_fleksjob_today": int(open_j.sum()),
        "new_scheme_fleksjobs_under_10_hours_share": under10,
        "hours_rose_last_12_months_share": float(rose[open_j].mean()) if open_j.any() else 0.0,
        "spells_with_4_jobsamtaler_first_6_months_share": early_share,
        "fleksjob_employers_contacted_last_12_months_share": float(
            contacted[has_fleksjobber].mean()
        )
        if has_fleksjobber.any()
        else 0.0,
        "consultants_per_100_unemployed": per100,
        "positions": status_counts,
        "positions_total": len(pos),
        "calibration": {
            "median_unemployed_days_baseline": params.median_unemployed_days,
            "inflow_per_year_national": params.inflow_per_year,
        },
        "end_reasons": {
            REASONS[i]: int(n)
            for i, n in enumerate(
                np.bincount(cases.end_reason[cases.end_reason >= 0], minlength=len(REASONS))
            )
        },
        "old_scheme_employments": int(jobs.old.sum()),
        "employers": len(emp),
    }
