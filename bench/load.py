"""Load test on loopback: gunicorn serves a seeded data dir in production mode; locust drives it.

Seeds the data dir at the given scale if it is empty (``fleksjob demo --no-serve``), then serves
it with gunicorn (``--workers`` processes) on a free port of 127.0.0.1 with production settings:
DEBUG off, a fresh SECRET_KEY, the data dir's own field keys (its CPR numbers are encrypted under
them), static files collected into a temporary directory and served by WhiteNoise, and the
request marked as HTTPS by the proxy header, as behind the TLS proxy of a real installation.
Locust (in-process, headless) runs ``--users`` simulated users for ``--duration`` seconds: the
demo personas log in through the login form and open the main pages of their own municipality's
records, and an API client with a token from ``fleksjob token create`` calls the API. Prints
requests/s, p50/p95/p99 latency and errors per endpoint and in total beside the recorded baseline
(bench/baselines/load.json) with the ratio; ``--record`` stores this run. The load generator
shares the machine with the server, so figures are for comparing runs on one machine.

Exits 1 if the share of failed requests (any status but 200, or no answer) exceeds
``--max-error-share``. Everything it starts is stopped at the end, also on Ctrl-C or an error.

    .venv/bin/python bench/load.py --scale municipality --data-dir /tmp/fj-municipality
    .venv/bin/python bench/load.py --data-dir /tmp/fj-national --duration 60 --users 20
"""

# isort: off
# locust monkey-patches the standard library for gevent: it is imported before the rest.
from locust import FastHttpUser, between, task
from locust.env import Environment

# isort: on
import argparse
import contextlib
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

import baseline
import gevent
import latency

BIN = Path(sys.executable).parent
FLEKSJOB = BIN / "fleksjob"
GUNICORN = BIN / "gunicorn"
PASSWORD = "demo"  # noqa: S105 - the demo personas' documented password
CASEWORKERS = ("sagsbehandler.lejre", "sagsbehandler.rudersdal")
CONSULTANT = "konsulent.aarhus"
MANAGER = "leder.rudersdal"
MANAGER_MUNICIPALITY = "230"
API_USER = "sagsbehandler.lejre"
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy adds (FLEKSJOB_BEHIND_PROXY=1)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Record ids of each persona's own municipality, so that every request should answer 200.
IDS_SCRIPT = """
import json
from fleksjob.accounts.models import User
from fleksjob.citizens.models import Citizen
from fleksjob.employers.models import Employer, Position
out = {}
for name in USERNAMES:
    user = User.objects.get(username=name)
    out[name] = {
        "citizens": list(Citizen.objects.visible_to(user).values_list("pk", flat=True)),
        "employers": list(Employer.objects.visible_to(user).values_list("pk", flat=True)),
        "positions": list(Position.objects.visible_to(user).values_list("employer_id", "pk")),
    }
print(json.dumps(out))
"""


def demo_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    return {**env, "FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": str(data_dir)}


def production_env(data_dir: Path, server_dir: Path) -> dict[str, str]:
    """Production mode on the seeded database; nothing is written into the data dir but it."""
    keys_file = data_dir / "demo-secrets.json"
    if not keys_file.exists():
        raise SystemExit(f"{data_dir}: no demo-secrets.json; not a data dir of `fleksjob demo`")
    keys = json.loads(keys_file.read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLEKSJOB_", "DJANGO_"))}
    return {
        **env,
        "FLEKSJOB_MODE": "production",
        "DEBUG": "0",
        "FLEKSJOB_DATA_DIR": str(server_dir),  # collected static files
        "DATABASE_URL": f"sqlite:///{data_dir.resolve() / 'fleksjob.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FLEKSJOB_FIELD_KEYS": keys["FLEKSJOB_FIELD_KEYS"],
        "FLEKSJOB_HASH_KEY": keys["FLEKSJOB_HASH_KEY"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "FLEKSJOB_BEHIND_PROXY": "1",
        "EMAIL_BACKEND": "console",
        "LOG_LEVEL": "WARNING",
    }


def fleksjob(args: list[str], env: dict[str, str]) -> str:
    """Its standard output; on failure exits naming the command, with its error output."""
    done = subprocess.run([str(FLEKSJOB), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"fleksjob {args[0]} {args[1]} failed (exit {done.returncode})")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(host: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One GET outside the measured run (start-up checks), patient with a cold worker."""
    from geventhttpclient import HTTPClient
    from geventhttpclient.url import URL

    url = URL(f"{host}{path}")
    client = HTTPClient.from_url(url, connection_timeout=5, network_timeout=120)
    try:
        response = client.get(url.request_uri, headers={**HTTPS, **(headers or {})})
        return response.status_code, response.read()
    finally:
        client.close()


def wait_until_serving(server: subprocess.Popen, host: str, timeout: float = 180) -> None:
    """Until the login page answers 200; exits if gunicorn stops or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped during start-up (exit {server.returncode})")
        try:
            status, _ = fetch(host, "/login/")
        except OSError:
            gevent.sleep(0.5)
            continue
        if status != 200:
            raise SystemExit(f"GET /login/ answered {status} at start-up")
        return
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the master (it stops its workers), then SIGKILL to its group if it lingers."""
    if server.poll() is None:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # any worker left behind
    server.wait()


# --- the simulated users -----------------------------------------------------------------------
class Site(FastHttpUser):
    """Shared by all users: record ids per persona and the API token, set before the run."""

    abstract = True
    wait_time = between(0.2, 1.0)
    ids: dict[str, dict[str, list]] = {}
    token = ""

    def headers(self) -> dict[str, str]:
        return dict(HTTPS)

    def get(self, name: str, path: str) -> None:
        """A GET that counts as failed unless it answers 200 (a redirect to the login is not)."""
        with self.client.get(
            path, name=name, headers=self.headers(), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def pick(self, username: str, kind: str):
        return random.choice(self.ids[username][kind])  # noqa: S311 - not for security


class Persona(Site):
    """A member of staff who logs in through the login form, as a browser does.

    Cookies are kept here, not in the client's jar: production cookies are ``Secure`` and the
    connection on loopback is plain HTTP (the proxy header says HTTPS).
    """

    abstract = True
    username = ""

    def headers(self) -> dict[str, str]:
        cookie = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        return {**HTTPS, "Cookie": cookie}

    def remember(self, response) -> None:
        for header in response.headers.get_all("set-cookie", []) if response.headers else []:
            for morsel in SimpleCookie(header).values():
                self.cookies[morsel.key] = morsel.value

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}
        page = self.client.get("/login/", name="login form", headers=self.headers())
        self.remember(page)
        found = CSRF_INPUT.search(page.text or "")
        form = {
            "username": self.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": found.group(1) if found else "",
        }
        # Django checks the referer of a form posted over HTTPS.
        referer = {"Referer": f"https://{self.host.split('//')[1]}/login/"}
        with self.client.post(
            "/login/",
            name="login",
            data=form,
            headers={**self.headers(), **referer},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.remember(response)
            if response.status_code != 302 or "sessionid" not in self.cookies:
                response.failure(f"login of {self.username} answered {response.status_code}")


class Caseworker(Persona):
    weight = 4

    def on_start(self) -> None:
        self.username = random.choice(CASEWORKERS)  # noqa: S311
        super().on_start()

    @task(3)
    def caseload(self) -> None:
        self.get("caseload", "/borgere/")

    @task(1)
    def caseload_sorted(self) -> None:
        self.get("caseload by next follow-up", "/borgere/?sort=next_due")

    @task(6)
    def citizen(self) -> None:
        self.get("citizen page", f"/borgere/{self.pick(self.username, 'citizens')}/")

    @task(1)
    def home(self) -> None:
        self.get("caseworker home", "/")


class Consultant(Persona):
    weight = 2
    username = CONSULTANT

    @task(2)
    def employers(self) -> None:
        self.get("employer list", "/virksomheder/")

    @task(4)
    def employer(self) -> None:
        self.get("employer page", f"/virksomheder/{self.pick(CONSULTANT, 'employers')}/")

    @task(3)
    def position(self) -> None:
        employer, position = self.pick(CONSULTANT, "positions")
        self.get("position page", f"/virksomheder/{employer}/stillinger/{position}/")

    @task(1)
    def outreach(self) -> None:
        self.get("outreach list", "/virksomheder/opsoegning/")


class Manager(Persona):
    weight = 1
    username = MANAGER

    @task(3)
    def home(self) -> None:
        self.get("manager home", "/")

    @task(2)
    def overview(self) -> None:
        self.get("benchmarking overview", "/benchmarking/")

    @task(1)
    def profile(self) -> None:
        self.get("benchmarking profile", f"/benchmarking/kommune/{MANAGER_MUNICIPALITY}/")


class ApiClient(Site):
    weight = 3
    indicators: list[str] = []

    def headers(self) -> dict[str, str]:
        return {**HTTPS, "Authorization": f"Bearer {self.token}"}

    def api(self, name: str, path: str) -> None:
        self.get(name, f"/api/v1/{path}")

    @task(3)
    def citizens(self) -> None:
        pages = max(1, len(self.ids[API_USER]["citizens"]) // 50)
        self.api("api citizens", f"citizens/?page={random.randint(1, pages)}")  # noqa: S311

    @task(5)
    def citizen(self) -> None:
        self.api("api citizen", f"citizens/{self.pick(API_USER, 'citizens')}")

    @task(1)
    def employers(self) -> None:
        self.api("api employers", "employers/")

    @task(1)
    def positions(self) -> None:
        self.api("api positions", "positions/?status=open")

    @task(1)
    def indicator_list(self) -> None:
        self.api("api indicators", "indicators/")

    @task(1)
    def indicator(self) -> None:
        self.api("api indicator", f"indicators/{random.choice(self.indicators)}")  # noqa: S311

    @task(2)
    def calc(self) -> None:
        self.api("api calc hours", "calc/hours?year=2026&hourly_wage=185&pension_pct=12")


# --- the run -----------------------------------------------------------------------------------
def drive(host: str, users: int, spawn_rate: float, duration: float) -> dict[str, dict]:
    """Run the users for ``duration`` seconds; the per-endpoint summary of every request."""
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    failures: dict[str, str] = {}

    def on_request(name, response_time, exception, **_kw) -> None:
        samples[name].append(response_time)
        if exception is not None:
            errors[name] += 1
            failures.setdefault(name, str(exception)[:200])

    env = Environment(user_classes=[Caseworker, Consultant, Manager, ApiClient], host=host)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    try:
        started = time.monotonic()
        runner.start(users, spawn_rate=spawn_rate)
        gevent.sleep(duration)
        runner.stop()
        seconds = time.monotonic() - started
    finally:
        runner.quit()
    for name, message in sorted(failures.items()):
        print(f"first failure of {name}: {message}", file=sys.stderr)
    return latency.summarise(samples, errors, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="national", help="seed at this scale if empty")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--users", type=int, default=20, help="simulated users")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--max-error-share", type=float, default=0.01)
    parser.add_argument("--record", action="store_true", help="store this run as the baseline")
    args = parser.parse_args()
    if args.duration <= 0 or args.users < 1 or args.workers < 1 or args.spawn_rate <= 0:
        parser.error("--duration, --users, --workers and --spawn-rate must be positive")

    subprocess.run(
        [str(FLEKSJOB), "demo", "--scale", args.scale, "--no-serve"],
        env=demo_env(args.data_dir),
        check=True,
    )
    # SIGTERM ends the run like Ctrl-C: through the finally blocks that stop the server.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="fleksjob-load-") as server_dir:
        env = production_env(args.data_dir, Path(server_dir))
        fleksjob(["manage", "collectstatic", "--noinput", "-v0"], env)
        usernames = sorted({*CASEWORKERS, CONSULTANT, MANAGER, API_USER})
        script = IDS_SCRIPT.replace("USERNAMES", repr(usernames))
        Site.ids = json.loads(
            fleksjob(["manage", "shell", "-v0", "-c", script], env).splitlines()[-1]
        )
        for username, kinds in Site.ids.items():
            empty = [kind for kind, ids in kinds.items() if not ids]
            if empty:
                raise SystemExit(f"{username}: no {', '.join(empty)} in the municipality")
        Site.token = fleksjob(["token", "create", API_USER, "--name", "load test"], env)
        Site.token = Site.token.strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "fleksjob.web.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                "--log-level=warning",
                "--no-control-socket",
            ],
            env=env,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
        try:
            host = f"http://127.0.0.1:{port}"
            wait_until_serving(server, host)
            ApiClient.indicators = indicator_ids(host)
            print(
                f"{args.users} users for {args.duration:.0f} s against gunicorn with "
                f"{args.workers} workers on {host} ({args.scale}, {args.data_dir})"
            )
            figures = drive(host, args.users, args.spawn_rate, args.duration)
        finally:
            stop(server)

    recorded = baseline.load("load")
    table = baseline.Table(group=30, group_title="endpoint", metric=13, value=10)
    print(table.header())
    for name, values in figures.items():
        table.print_rows(values, recorded.get(args.scale, {}).get(name, {}), group=name)
    settings = {"users": args.users, "workers": args.workers, "duration_s": args.duration}
    was = recorded.get(args.scale, {}).get("settings")
    if was and was != settings:
        print(f"(the baseline was taken with {was})")
    if args.record:
        baseline.record("load", {**recorded, args.scale: {"settings": settings, **figures}})
    share = figures[latency.TOTAL]["error_share"]
    if figures[latency.TOTAL]["requests"] == 0 or share > args.max_error_share:
        print(f"error share {share:.2%} exceeds {args.max_error_share:.2%}", file=sys.stderr)
        return 1
    return 0


def indicator_ids(host: str) -> list[str]:
    """The indicator ids, from the API (a token of any staff role may read them)."""
    status, body = fetch(host, "/api/v1/indicators/", {"Authorization": f"Bearer {Site.token}"})
    if status != 200:
        raise SystemExit(f"GET /api/v1/indicators/ answered {status}")
    return [indicator["id"] for indicator in json.loads(body)]


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except KeyboardInterrupt:  # the server was stopped on the way out
        raise SystemExit("interrupted: nothing recorded") from None
