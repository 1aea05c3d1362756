"""An independent, deliberately plain pandas recomputation of every indicator.

Written from the indicator files' Danish/English definitions, not from their SQL: it walks the
months one by one, takes the last day of each, and filters the event tables with ordinary date
comparisons. It shares no code with the engine. The tests compare the two on seeded synthetic
data; bench/stats.py uses it as the naive baseline.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

MONTH_END = pd.offsets.MonthEnd(0)


def _dates(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    frame = frame.copy()
    for c in cols:
        frame[c] = pd.to_datetime(frame[c])
    return frame


def _running(frame: pd.DataFrame, start: str, end: str, day: pd.Timestamp) -> pd.Series:
    """Rows in force on ``day``: started on or before it, not yet ended (end inclusive)."""
    return (frame[start] <= day) & (frame[end].isna() | (frame[end] >= day))


def recompute(
    tables: dict[str, pd.DataFrame], first: dt.date, last: dt.date, every: int = 1
) -> pd.DataFrame:
    """Municipality × month rows: indicator, municipality_id, period, numerator, denominator.

    ``every`` > 1 takes only every so many months from ``first`` (to keep tests quick).
    """
    cit = tables["citizens"][["citizen_id", "municipality_id"]]
    appr = _dates(tables["approvals"], "visitation_date", "ended_on").merge(cit, on="citizen_id")
    lyd = _dates(tables["ledighedsydelse"], "start", "end")
    jobs = _dates(tables["employments"], "start", "end")
    jobs = jobs[jobs["kind"] == "fleksjob"].merge(cit, on="citizen_id")
    hours = _dates(tables["hours"], "valid_from").sort_values(["employment_id", "valid_from"])
    meet = _dates(tables["meetings"], "held_on")
    talks = meet[meet["kind"] == "jobsamtale"]
    employers = tables["employers"][["employer_id", "municipality_id"]]
    contacts = _dates(tables["contacts"], "contacted_on")
    staff = _dates(tables["staffing"], "month")
    offers = _dates(tables["offers"], "start", "end")
    invited = _dates(tables["survey_invitations"], "month")
    answered = _dates(tables["survey_answers"], "month")
    munis = list(tables["municipalities"]["municipality_id"])

    first_job = jobs.groupby("approval_id")["start"].min().rename("first_start").reset_index()
    first_job = first_job.merge(appr[["approval_id", "municipality_id"]], on="approval_id")
    first_lyd = lyd.groupby("approval_id")["start"].min()
    first_job["lyd_before"] = first_job["approval_id"].map(first_lyd) < first_job["first_start"]
    appr = appr.merge(first_job[["approval_id", "first_start"]], on="approval_id", how="left")
    # Jobsamtaler in each spell's first 6 months: [start, start + 6 months).
    pairs = lyd[["spell_id", "citizen_id", "start"]].merge(
        talks[["citizen_id", "held_on"]], on="citizen_id"
    )
    inside = (pairs["held_on"] >= pairs["start"]) & (
        pairs["held_on"] < pairs["start"] + pd.DateOffset(months=6)
    )
    per_spell = pairs[inside].groupby("spell_id").size()
    lyd["talks"] = lyd["spell_id"].map(per_spell).fillna(0)

    def active_approvals(day):
        a = appr[
            (appr["visitation_date"] <= day) & (appr["ended_on"].isna() | (appr["ended_on"] > day))
        ]
        return a

    def hours_on(day):
        running = jobs[_running(jobs, "start", "end", day)]
        h = hours[hours["valid_from"] <= day].groupby("employment_id")["hours_per_week"].last()
        running = running.assign(hours=running["employment_id"].map(h))
        return running[running["hours"].notna()]

    rows = []

    def add(ind, period, num, den):
        num = num.reindex(munis, fill_value=0)
        den = den.reindex(munis, fill_value=0)
        for m in munis:
            rows.append((ind, m, period, float(num[m]), float(den[m])))

    months = pd.date_range(pd.Timestamp(first).replace(day=1), pd.Timestamp(last), freq="MS")
    for period in months[::every]:
        day = period + MONTH_END
        p = period.date()
        active = active_approvals(day)
        den1 = active.groupby("municipality_id")["citizen_id"].nunique()
        on_lyd = lyd[
            _running(lyd, "start", "end", day) & lyd["approval_id"].isin(active["approval_id"])
        ]
        on_lyd = on_lyd.merge(cit, on="citizen_id")
        num1 = on_lyd.groupby("municipality_id")["citizen_id"].nunique()
        add("ledighedsydelse_share", p, num1, den1)

        window_start = period - pd.DateOffset(months=11)
        started = first_job[
            (first_job["first_start"] >= window_start) & (first_job["first_start"] <= day)
        ]
        add(
            "ledighedsydelse_before_first_fleksjob",
            p,
            started[started["lyd_before"]].groupby("municipality_id").size(),
            started.groupby("municipality_id").size(),
        )

        c0 = period - pd.DateOffset(months=23)
        c1 = (period - pd.DateOffset(months=12)) + MONTH_END
        cohort = appr[(appr["visitation_date"] >= c0) & (appr["visitation_date"] <= c1)]
        reached = cohort["first_start"] <= cohort["visitation_date"] + pd.DateOffset(months=12)
        add(
            "first_fleksjob_within_12m",
            p,
            cohort[reached].groupby("municipality_id").size(),
            cohort.groupby("municipality_id").size(),
        )

        now = hours_on(day)
        add(
            "avg_weekly_hours",
            p,
            now.groupby("municipality_id")["hours"].sum(),
            now.groupby("municipality_id").size(),
        )
        add(
            "share_under_10_hours",
            p,
            now[now["hours"] < 10].groupby("municipality_id").size(),
            now.groupby("municipality_id").size(),
        )

        before = hours_on((period - pd.DateOffset(months=12)) + MONTH_END)
        both = now.merge(
            before[["employment_id", "hours"]], on="employment_id", suffixes=("", "_then")
        )
        add(
            "hours_rose_12m",
            p,
            both[both["hours"] > both["hours_then"]].groupby("municipality_id").size(),
            both.groupby("municipality_id").size(),
        )

        s0 = period - pd.DateOffset(months=17)
        s1 = (period - pd.DateOffset(months=6)) + MONTH_END
        spells = lyd[(lyd["start"] >= s0) & (lyd["start"] <= s1)]
        six = spells["start"] + pd.DateOffset(months=6)
        spells = spells[spells["end"].isna() | (spells["end"] >= six)].merge(cit, on="citizen_id")
        spells = spells[spells["approval_id"].isin(appr["approval_id"])]
        add(
            "jobsamtaler_first_6m",
            p,
            spells[spells["talks"] >= 4].groupby("municipality_id").size(),
            spells.groupby("municipality_id").size(),
        )

        with_job = set(jobs.loc[_running(jobs, "start", "end", day), "employer_id"].dropna())
        recent = set(
            contacts.loc[
                (contacts["contacted_on"] >= period - pd.DateOffset(months=11))
                & (contacts["contacted_on"] <= day),
                "employer_id",
            ]
        )
        emp = employers[employers["employer_id"].isin(with_job)]
        add(
            "employer_contact_12m",
            p,
            emp[emp["employer_id"].isin(recent)].groupby("municipality_id").size(),
            emp.groupby("municipality_id").size(),
        )

        fte = staff[staff["month"] == period].groupby("municipality_id")["consultants_fte"].sum()
        add("consultants_per_100_ledighedsydelse", p, fte, num1)

        # Citizens on ledighedsydelse with an offer of the same case running on the last day.
        in_offer = set(offers.loc[_running(offers, "start", "end", day), "approval_id"])
        busy = on_lyd[on_lyd["approval_id"].isin(in_offer)]
        add(
            "ledighedsydelse_in_active_offer",
            p,
            busy.groupby("municipality_id")["citizen_id"].nunique(),
            num1,
        )
        add("ledighedsydelse_per_consultant", p, num1, fte)
        in_month = contacts[
            (contacts["contacted_on"] >= period) & (contacts["contacted_on"] <= day)
        ].merge(employers, on="employer_id")
        add("employer_contacts_per_consultant", p, in_month.groupby("municipality_id").size(), fte)

        # Satisfaction surveys: answers and invitations by the month the invitation was sent.
        for audience in ("citizen", "employer"):
            sent = invited[(invited["month"] == period) & (invited["audience"] == audience)]
            got = answered[(answered["month"] == period) & (answered["audience"] == audience)]
            answers = got.groupby("municipality_id").size()
            add(
                f"{audience}_satisfied_share",
                p,
                got.groupby("municipality_id")["satisfied"].sum(),
                answers,
            )
            add(
                f"{audience}_survey_response_rate",
                p,
                answers,
                sent.groupby("municipality_id").size(),
            )

    return pd.DataFrame(
        rows, columns=["indicator", "municipality_id", "period", "numerator", "denominator"]
    )
