"""Benchmark: server-side time of the main pages for each persona on a seeded demo database.

Seeds a demo data dir at the given scale if it is empty (``fleksjob demo --no-serve``), then
renders each page in-process with Django's test client, ``--repeat`` times, and prints the
median and 95th percentile beside the recorded baseline (bench/baselines/web-<scale>.json) with
the ratio, and the number of queries per page. The casework issue's target: caseload, citizen and
employer pages ≤ 150 ms server time at p95 with the national dataset.

    .venv/bin/python bench/web.py --scale national --data-dir /tmp/fleksjob-national
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import baseline

FLEKSJOB = Path(sys.executable).with_name("fleksjob")
PAGES = {
    "sagsbehandler.lejre": [
        "/",
        "/borgere/",
        "/borgere/?sort=next_due",
        "/borgere/?status=approved_unemployed&sort=spell_start",
        "/borgere/?owner=all",
        "/borgere/?owner=unassigned",
        "{citizen}",
        "{citizen}rediger/",
        "{citizen}opfoelgning/",
        "/match-forslag/",
    ],
    "konsulent.aarhus": [
        "/",
        "/virksomheder/",
        "/virksomheder/?page=10",
        "{employer}",
        "/virksomheder/opsoegning/",
        "/virksomheder/opsoegning/kandidater/",
        "{visit}",
        "/virksomheder/opfoelgninger/?who=all",
        "{position}",
    ],
    "leder.rudersdal": [
        "/",
        "/api/v1/citizens/?page=3",
        "/borgere/",
        "/borgere/team/",
        "/benchmarking/",
        "/benchmarking/kommune/230/",
        "/beregner/",
    ],
    # The citizens' and employers' own pages (the demo links these personas).
    "borger.rudersdal": ["/mit-fleksjob/", "/mit-fleksjob/mine-data/"],
    "virksomhed.aarhus": ["/arbejdsgiver/", "{own_position}"],
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="municipality")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": str(args.data_dir)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [str(FLEKSJOB), "demo", "--scale", args.scale, "--no-serve"], env=env, check=True
    )
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fleksjob.web.settings"
    import django

    django.setup()
    from fleksjob.operations import collector

    collector.tune()  # as each server process does after start-up (fleksjob/web/wsgi.py)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fleksjob.accounts.models import User
    from fleksjob.citizens.models import Citizen
    from fleksjob.employers.models import Employer, Position

    name = f"web-{args.scale}"
    recorded = baseline.load(name)
    results: dict[str, float] = {}
    print(
        f"{'persona':<22}{'page':<30}{'median ms':>10}{'baseline':>10}{'ratio':>7}"
        f"{'p95 ms':>9}{'baseline':>10}{'ratio':>7}{'queries':>9}"
    )
    for username, pages in PAGES.items():
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        citizen = (
            Citizen.objects.visible_to(user)
            .filter(approvals__status="approved_unemployed")
            .order_by("pk")
            .first()
        )
        employer = Employer.objects.visible_to(user).order_by("pk").first()
        position = Position.objects.visible_to(user).filter(status="open").order_by("pk").first()
        own = Position.objects.filter(employer__contacts__account__user=user).order_by("pk")
        links = {
            # Staff pages of the persona's municipality; a citizen or employer has none.
            "citizen": f"/borgere/{citizen.pk}/" if citizen else "/",
            "employer": f"/virksomheder/{employer.pk}/" if employer else "/",
            "position": f"/virksomheder/{position.employer_id}/stillinger/{position.pk}/"
            if position
            else "/",
            "visit": f"/virksomheder/{position.employer_id}/besoeg/" if position else "/",
            "own_position": f"/arbejdsgiver/stillinger/{own[0].pk}/" if own else "/",
        }
        for page in pages:
            url = page.format(**links)
            times = []
            for _ in range(args.repeat + 1):  # the first run warms caches and is dropped
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            key = f"{username} {page}"
            results[key] = round(statistics.median(times[1:]), 1)
            results[f"{key} p95"] = round(statistics.quantiles(times[1:], n=20)[-1], 1)
            cells = []
            for figure in (key, f"{key} p95"):
                base = recorded.get(figure)
                cells.append(
                    (results[figure], baseline.shown(base), baseline.ratio(results[figure], base))
                )
            (med, med_base, med_ratio), (p95, p95_base, p95_ratio) = cells
            print(
                f"{username:<22}{page:<30}{med:>10}{med_base:>10}{med_ratio:>7}"
                f"{p95:>9}{p95_base:>10}{p95_ratio:>7}{len(queries):>9}"
            )
    if args.record:
        baseline.record(name, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
