"""The spread page beside the open comparison on a seeded, computed run (docs/surveys.md):
the page counts only the months whose survey indicator counts /offentlig/data.csv publishes
for the municipality, so its totals are sums of published figures and a hidden month never
comes back as a year total minus the shown months."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from fleksjob.accounts.models import User
from fleksjob.benchmarking.compute import latest_run
from fleksjob.citizens.models import Citizen
from fleksjob.surveys.models import SurveyAnswer, SurveyInvitation

pytestmark = pytest.mark.django_db
SURVEY = ("survey_response_rate", "satisfied_share")


@pytest.fixture
def run(personas):
    call_command("seed", scale="tiny", seed=3, replace=False, today=dt.date(2026, 10, 15))
    _busy_months("230", [dt.date(2026, m, 1) for m in (3, 4, 5, 6)])
    call_command("compute_indicators", first="2025-10", last="2026-09")
    return latest_run()


def _busy_months(code: str, months: list[dt.date]) -> None:
    """More citizens' answers in a few months (a tiny seed's months are all too small to
    publish whole): 30 invitations, 20 answers (12 satisfied) after meetings and 12
    invitations, 8 answers (5 satisfied) after placements, each month."""
    citizen = Citizen.objects.filter(municipality_id=code).first()
    invitations, answers = [], []
    for k, month in enumerate(months):
        for survey, trigger, sent, scores in (
            ("citizen_after_meeting", "meeting_held", 30, [5] * 6 + [4] * 6 + [2] * 8),
            ("citizen_after_placement", "placement_started", 12, [5] * 5 + [3] * 3),
        ):
            for i in range(sent):
                invitations.append(
                    SurveyInvitation(
                        municipality_id=code,
                        survey_id=survey,
                        version=1,
                        audience="citizen",
                        trigger=trigger,
                        source_id=10**9 + 1000 * k + i,
                        citizen=citizen,
                        triggered_on=month,
                        sent_on=month,
                        open_until=month,
                    )
                )
            answers += [
                SurveyAnswer(
                    municipality_id=code,
                    survey_id=survey,
                    version=1,
                    audience="citizen",
                    trigger=trigger,
                    month=month,
                    scores={"overall": score},
                    satisfied=score >= 4,
                )
                for score in scores
            ]
    SurveyInvitation.objects.bulk_create(invitations)
    SurveyAnswer.objects.bulk_create(answers)


def _open_data() -> dict[str, dict[tuple[str, dt.date], tuple[int | None, int | None]]]:
    """Municipality → (indicator, month) → (numerator, denominator) of the survey
    indicators in data.csv, None where empty (hidden)."""
    body = Client().get("/offentlig/data.csv").content.decode()
    out: dict = {}
    for row in csv.DictReader(io.StringIO(body)):
        if row["indikator"].endswith(SURVEY):
            month = dt.date.fromisoformat(row["periode"] + "-01")
            x, n = (None if v == "" else int(float(v)) for v in (row["taeller"], row["naevner"]))
            out.setdefault(row["kommunekode"], {})[(row["indikator"], month)] = (x, n)
    return out


def test_the_spread_counts_only_published_months_and_adds_up_to_them(run, personas, login):
    data = _open_data()

    def mix(code: str) -> tuple[int, int]:  # months (hidden, published whole), either audience
        cells = data[code]
        whole = [
            m
            for (i, m), (x, n) in cells.items()
            if i.endswith("response_rate")
            and None not in (x, n)
            and cells.get((i.replace("survey_response_rate", "satisfied_share"), m), (None,))[0]
            is not None
        ]
        return len(cells) // 2 - len(whole), len(whole)

    # A manager of the municipality with the most published months among those with hidden
    # ones (tiny Rudersdal has none published).
    own = max((c for c in data if all(mix(c))), key=lambda c: mix(c)[1])
    User.objects.filter(pk=personas["leder.rudersdal"].pk).update(municipality_id=own)
    published = data[own]
    manager = login("leder.rudersdal")
    hidden_seen = counted_seen = 0
    for year in (2025, 2026):
        page = manager.get("/tilfredshed/svarfordeling/", {"aar": year})
        assert page.status_code == 200
        for block in page.context["blocks"]:
            rate, share = (
                f"{block['key']}_survey_response_rate",
                f"{block['key']}_satisfied_share",
            )
            months = [m for (i, m) in published if i == rate and m.year == year]
            shown = {
                m: (*published[(rate, m)], published.get((share, m), (None, None))[0])
                for m in months
            }
            hidden = [m for m, counts in shown.items() if None in counts]
            hidden_seen += len(hidden)
            # Every month counted is published whole; no hidden month is counted.
            assert set(block["months"]) <= set(months)
            assert not set(block["months"]) & set(hidden), (block["key"], year)
            # Counted: every fully published month whose counts the database still holds.
            invited = SurveyInvitation.objects.filter(
                municipality_id=own, audience=block["key"], sent_on__year=year
            )
            for m in months:
                if m not in hidden and m not in block["months"]:
                    live = invited.filter(sent_on__month=m.month).count()
                    assert live != shown[m][1], f"{m} is published and unchanged but left out"
            counted_seen += len(block["months"])
            # The page's totals, where every questionnaire shows them, are the published sums.
            tables = block["tables"]
            for field, index in (("invitations", 1), ("answers", 0)):
                values = [getattr(t["result"], field) for t in tables]
                if tables and None not in values:
                    assert sum(values) == sum(shown[m][index] for m in block["months"])
            heads = [next(q for q in t["result"].questions if q.headline) for t in tables]
            if heads and None not in [h.satisfied for h in heads]:
                assert sum(h.satisfied for h in heads) == sum(shown[m][2] for m in block["months"])
            for t in tables:  # and nothing under 5 is shown
                r = t["result"]
                for value in (r.invitations, r.answers):
                    assert value is None or value >= 5
                for q in r.questions:
                    for c in (*q.counts.values(), q.answered, q.satisfied):
                        assert c is None or c >= 5
    print(
        "DEBUG",
        own,
        mix(own),
        {k: v for k, v in published.items() if None not in v},
        [b["months"] for b in page.context["blocks"]],
    )
    assert hidden_seen and counted_seen
