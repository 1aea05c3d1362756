import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fleksjob.benchmarking.compute import latest_run
from fleksjob.citizens.models import Citizen
from fleksjob.core import synth
from fleksjob.demo.caseload import assign_demo_caseloads
from fleksjob.demo.personas import PASSWORD, PERSONAS, ensure_personas
from fleksjob.demo.pools import ensure_demo_pools
from fleksjob.demo.portal_personas import ensure_portal_personas
from fleksjob.demo.prospects import ensure_demo_balance
from fleksjob.placements.models import MatchRun


class Command(BaseCommand):
    help = "Migrate, seed synthetic Denmark if empty, create the demo personas and serve."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true")

    def handle(self, scale, seed, port, no_serve, **options):
        if not settings.DEMO:
            raise CommandError("fleksjob demo runs only in demo mode (FLEKSJOB_MODE=demo)")
        call_command("migrate", interactive=False, verbosity=0)
        if Citizen.objects.exists():
            self.stdout.write("Database already seeded; keeping its data.")
        else:
            call_command("seed", scale=scale, seed=seed)
        if latest_run() is None:  # the benchmarking pages need one indicator run
            call_command("compute_indicators", stdout=self.stdout)
        ensure_personas()
        assign_demo_caseloads(seed=seed)  # the personas' own cases ("Mine sager") and a queue
        portal = ensure_portal_personas()
        ensure_demo_pools()  # a fleksjob pool in each persona municipality (docs/pools.md)
        ensure_demo_balance()  # a constructed Arbejdsmarkedsbalance (docs/prospects.md)
        if not MatchRun.objects.exists():  # one stored batch run in each persona municipality
            codes = sorted({p[2] for p in PERSONAS if p[2]})
            call_command("match_run", municipality=codes, stdout=self.stdout)
        names = [p[0] for p in PERSONAS] + portal
        self.stdout.write(f"Demo personas (password {PASSWORD!r}): {', '.join(names)}")
        if no_serve:
            return
        # The pages queue background jobs (match runs); a worker beside the server runs them.
        worker = subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "fleksjob", "manage", "worker", "--parent", str(os.getpid())]
        )
        # SIGTERM ends the server through the ``finally`` below, which stops the worker too.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        self.stdout.write(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C stops)")
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)
        finally:
            worker.terminate()  # lets a running job finish first
            worker.wait()
