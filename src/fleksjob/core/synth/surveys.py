"""Synthetic satisfaction surveys (docs/surveys.md): invitations after the generated meetings,
fleksjob starts and ends and consultants' visits of the last two years, and answers stored
apart. Each municipality has its own share satisfied (about 68 % on average, as KL's citizens
answered) and its own response rates, so the benchmarking pages show a spread."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np

from ..surveys import for_trigger

MONTHS = 24  # invitations for triggers in the last two years
SATISFIED_MEAN = {"citizen": 0.68, "employer": 0.72}
RESPONSE_MEAN = {"citizen": 0.35, "employer": 0.30}


def build_surveys(rng, tables, today: dt.date, codes: list[str]):
    """(invitation rows, answer rows) in the columns of ``COLUMNS`` (assemble.py)."""
    first = today - dt.timedelta(days=MONTHS * 30)
    where = {code: i for i, code in enumerate(codes)}
    n = len(codes)
    satisfied = {a: np.clip(rng.normal(m, 0.07, n), 0.35, 0.95) for a, m in SATISFIED_MEAN.items()}
    response = {a: np.clip(rng.normal(m, 0.08, n), 0.08, 0.7) for a, m in RESPONSE_MEAN.items()}
    citizen_muni = {row[0]: row[1] for row in tables["citizens.Citizen"].rows}
    employer_muni = {row[0]: row[1] for row in tables["employers.Employer"].rows}
    first_contact: dict[int, int] = {}
    for pk, employer_id, *_ in tables["employers.ContactPerson"].rows:
        first_contact.setdefault(employer_id, pk)

    # (trigger, source id, trigger day, citizen id, contact person id, municipality)
    found: list[tuple] = []
    meeting = tables["followup.FollowUpMeeting"]
    held = meeting.columns.index("held_on")
    for row in meeting.rows:
        if row[held] is not None and first <= row[held] <= today:
            found.append(("meeting_held", row[0], row[held], row[1], None, citizen_muni[row[1]]))
    job = tables["employment.Employment"]
    c = {name: job.columns.index(name) for name in ("citizen_id", "employer_id", "kind")}
    start, end = job.columns.index("start"), job.columns.index("end")
    for row in job.rows:
        if row[c["kind"]] != "fleksjob":
            continue
        if first <= row[start] <= today:
            citizen = row[c["citizen_id"]]
            found.append(
                ("placement_started", row[0], row[start], citizen, None, citizen_muni[citizen])
            )
        if row[end] is not None and first <= row[end] <= today:
            employer = row[c["employer_id"]]
            person = first_contact.get(employer)
            if person is not None:
                muni = employer_muni[employer]
                found.append(("placement_ended", row[0], row[end], None, person, muni))
    log = tables["employers.ContactLogEntry"]
    lc = {name: log.columns.index(name) for name in ("employer_id", "contact_person_id", "on")}
    channel = log.columns.index("channel")
    for row in log.rows:
        on = row[lc["on"]]
        if row[channel] != "visit" or not (first <= on <= today):
            continue
        employer = row[lc["employer_id"]]
        person = row[lc["contact_person_id"]] or first_contact.get(employer)
        if person is not None:
            found.append(("visit_logged", row[0], on, None, person, employer_muni[employer]))

    invitations, answers = [], []
    draws = rng.random((len(found), 3))
    bits = rng.integers(0, 1 << 62, (len(found), 2), dtype=np.int64)
    for i, (trigger, source, on, citizen, person, muni) in enumerate(found):
        survey = for_trigger(trigger)
        if survey is None:
            continue
        sent = on + dt.timedelta(days=survey.send_after_days)
        if sent > today:
            continue
        m = where[muni]
        audience = survey.audience
        answered = draws[i, 0] < response[audience][m] and sent < today
        token = f"synth{int(bits[i, 0]):016x}{i:08x}"
        invitations.append(
            (
                len(invitations) + 1,
                token,
                muni,
                survey.id,
                survey.version,
                audience,
                trigger,
                source,
                citizen,
                person,
                on,
                sent,
                sent + dt.timedelta(days=survey.open_days - 1),
                sent + dt.timedelta(days=int(draws[i, 2] * 7)) if answered else None,
            )
        )
        if not answered:
            continue
        happy = draws[i, 1] < satisfied[audience][m]
        # A satisfied answer is 4 or 5, another 1 to 3; the rest of the questions follow it.
        score = (4 + int(draws[i, 2] < 0.5)) if happy else (1 + int(draws[i, 2] * 3))
        scores = {q.id: score for q in survey.questions}
        answer_id = uuid.UUID(int=(int(bits[i, 1]) << 64) | i).hex
        answers.append(
            (
                answer_id,
                muni,
                survey.id,
                survey.version,
                audience,
                trigger,
                sent.replace(day=1),
                scores,
                bool(happy),
            )
        )
    return invitations, answers
