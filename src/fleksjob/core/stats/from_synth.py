"""Event tables straight from synthetic Denmark's generator output (for tests and benchmarks)."""

from __future__ import annotations

import pandas as pd

from fleksjob.core.synth import Dataset
from fleksjob.reference import municipalities


def _frame(data: Dataset, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    table = data.tables[name]
    frame = pd.DataFrame.from_records(table.rows, columns=list(table.columns))
    return frame if columns is None else frame[columns]


def staffing(*, synthetic: pd.DataFrame, entered: pd.DataFrame) -> pd.DataFrame:
    """Consultants per municipality and month: the entered capacity where there is one, else
    the monthly conditions' synthetic figure (both: municipality_id, month, consultants_fte)."""
    both = pd.concat([entered, synthetic], ignore_index=True)
    both = both.drop_duplicates(["municipality_id", "month"], keep="first")
    return both.sort_values(["municipality_id", "month"]).reset_index(drop=True)


def survey_invitations(invited: pd.DataFrame) -> pd.DataFrame:
    """The invitations' event table (municipality_id, audience, month) from their sending day."""
    sent = pd.to_datetime(invited["sent_on"])
    month = (sent - pd.to_timedelta(sent.dt.day - 1, unit="D")).dt.date
    return pd.DataFrame(
        {
            "municipality_id": invited["municipality_id"].to_numpy(),
            "audience": invited["audience"].to_numpy(),
            "month": month.to_numpy(),
        }
    )


def tables_from_synth(data: Dataset) -> dict[str, pd.DataFrame]:
    """The event tables of ``schemas.TABLES`` for a generated Dataset."""
    munis = pd.DataFrame(
        {
            "municipality_id": [m.code for m in municipalities()],
            "name": [m.name for m in municipalities()],
            "region_id": [str(m.region_code) for m in municipalities()],
            "region": [m.region for m in municipalities()],
        }
    )
    citizens = _frame(
        data, "citizens.Citizen", ["id", "municipality_id", "birth_date", "sex", "education"]
    )
    approvals = _frame(data, "citizens.Approval", ["id", "citizen_id", "visitation_date"])
    log = _frame(data, "citizens.StatusTransition", ["approval_id", "to_status", "on"])
    ended = log[log["to_status"] == "ended"].groupby("approval_id")["on"].max().rename("ended_on")
    approvals = approvals.merge(ended, left_on="id", right_index=True, how="left")
    spells = _frame(data, "citizens.BenefitSpell")
    spells = spells[spells["kind"] == "ledighedsydelse"]
    jobs = _frame(data, "employment.Employment")
    hours = _frame(
        data, "employment.HoursChange", ["employment_id", "valid_from", "hours_per_week"]
    )
    meetings = _frame(data, "followup.FollowUpMeeting", ["id", "citizen_id", "held_on", "kind"])
    employers = _frame(data, "employers.Employer", ["id", "municipality_id"])
    contacts = _frame(data, "employers.ContactLogEntry", ["id", "employer_id", "on"])
    monthly = _frame(data, "municipalities.MonthlyConditions")
    offers = _frame(
        data, "offers.ActiveOffer", ["id", "citizen_id", "approval_id", "kind", "start", "ended_on"]
    )
    entered = _frame(
        data, "offers.ConsultantCapacity", ["municipality_id", "month", "consultants_fte"]
    )
    invited = _frame(data, "surveys.SurveyInvitation", ["municipality_id", "audience", "sent_on"])
    answered = _frame(
        data, "surveys.SurveyAnswer", ["municipality_id", "audience", "month", "satisfied"]
    )
    return {
        "survey_invitations": survey_invitations(invited),
        "survey_answers": answered.assign(satisfied=answered["satisfied"].astype(int)),
        "municipalities": munis,
        "citizens": citizens.rename(columns={"id": "citizen_id"}),
        "approvals": approvals.rename(columns={"id": "approval_id"}),
        "ledighedsydelse": spells.rename(columns={"id": "spell_id"})[
            ["spell_id", "citizen_id", "approval_id", "start", "end"]
        ],
        "employments": jobs.rename(columns={"id": "employment_id"})[
            ["employment_id", "citizen_id", "approval_id", "employer_id", "kind", "start", "end"]
        ],
        "hours": hours,
        "meetings": meetings.rename(columns={"id": "meeting_id"}),
        "employers": employers.rename(columns={"id": "employer_id"}),
        "contacts": contacts.rename(columns={"id": "contact_id", "on": "contacted_on"}),
        "offers": offers.rename(columns={"id": "offer_id", "ended_on": "end"}),
        "staffing": staffing(
            synthetic=monthly[["municipality_id", "month", "consultants_fte"]], entered=entered
        ),
        "conditions": monthly[
            [
                "municipality_id",
                "month",
                "unemployment_rate",
                "share_age_50_plus",
                "share_low_education",
            ]
        ],
    }
