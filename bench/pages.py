"""Benchmark: server-side time of the main pages for each persona on a seeded demo database.

Seeds a demo data dir at the given scale if it is empty (``fleksjob demo --no-serve``), then
renders each page in-process with Django's test client, ``--repeat`` times, and prints the
median beside the recorded baseline (bench/baselines/pages-<scale>.json) with the ratio.

    .venv/bin/python bench/pages.py --scale national --data-dir /tmp/fleksjob-national
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLEKSJOB = Path(sys.executable).with_name("fleksjob")
PAGES = {
    "sagsbehandler.lejre": [
        "/",
        "/borgere/",
        "/borgere/?sort=next_due",
        "/borgere/?q=Hansen",
        "{citizen}",
    ],
    "konsulent.aarhus": ["/", "/virksomheder/", "/virksomheder/?page=10", "{employer}"],
    "leder.rudersdal": ["/", "/api/v1/citizens/?page=3"],
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="municipality")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
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
    from django.test import Client

    from fleksjob.accounts.models import User
    from fleksjob.citizens.models import Citizen
    from fleksjob.employers.models import Employer

    baseline_path = Path(__file__).with_name("baselines") / f"pages-{args.scale}.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.exists() else {}
    results: dict[str, float] = {}
    print(f"{'persona':<22}{'page':<30}{'median ms':>10}{'baseline':>10}{'ratio':>8}")
    for username, pages in PAGES.items():
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        citizen = Citizen.objects.visible_to(user).order_by("pk").first()
        employer = Employer.objects.visible_to(user).order_by("pk").first()
        links = {"citizen": f"/borgere/{citizen.pk}/", "employer": f"/virksomheder/{employer.pk}/"}
        for page in pages:
            url = page.format(**links)
            times = []
            for _ in range(args.repeat + 1):  # the first run warms caches and is dropped
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            key = f"{username} {page}"
            results[key] = round(statistics.median(times[1:]), 1)
            base = baseline.get(key)
            ratio = f"{results[key] / base:.2f}" if base else "–"
            shown = "–" if base is None else base
            print(f"{username:<22}{page:<30}{results[key]:>10}{shown:>10}{ratio:>8}")
    if args.record:
        baseline_path.parent.mkdir(exist_ok=True)
        baseline_path.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
