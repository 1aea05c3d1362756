"""A PostgreSQL restart while the app works: a real app server and a real worker reach the
database through a TCP proxy on loopback that the test cuts (every connection dropped, new ones
refused) and then restores. Requests during the outage get the 503 page, never another error;
afterwards the same server answers normally; the worker exits non-zero with a clear message and
a re-run finishes."""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.reliability.conftest import EXTRAS, FLEKSJOB, PG_SERVER, cli_env, fleksjob, pg_query

pytestmark = pytest.mark.slow


class Proxy:
    """Forwards loopback connections to PostgreSQL; ``cut`` drops them all and refuses new ones
    until ``restore``."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()  # like a server that is restarting
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                self._close(s)

    def _close(self, s: socket.socket) -> None:
        with self.lock:
            self.sockets.discard(s)
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)
        s.close()

    def cut(self) -> None:
        self.up = False
        with self.lock:
            open_now = list(self.sockets)
        for s in open_now:
            self._close(s)

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture(scope="module")
def database(migrated_pg, tmp_path_factory):
    """A seeded PostgreSQL database of the test's own, and a proxy in front of it."""
    url = migrated_pg()
    data_dir = tmp_path_factory.mktemp("outage")
    env = cli_env(data_dir, url)
    fleksjob("seed", "--scale", "tiny", env=env)
    fleksjob("manage", "shell", "-c", EXTRAS, env=env)
    server = urllib.parse.urlsplit(PG_SERVER)
    proxy = Proxy((server.hostname, server.port or 5432))
    proxied = url.replace(f"{server.hostname}:{server.port or 5432}", f"127.0.0.1:{proxy.port}")
    yield {"url": url, "proxied": proxied, "proxy": proxy, "data_dir": data_dir}
    proxy.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_server(database):
    port = _free_port()
    log_path = database["data_dir"] / "server.log"
    env = cli_env(database["data_dir"], database["proxied"])
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(FLEKSJOB), "manage", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                with urllib.request.urlopen(f"{url}/login/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None:
                pytest.fail(log_path.read_text()[-3000:])
            time.sleep(0.3)
        yield url
        process.terminate()
        process.wait(timeout=30)


def _logged_in(url: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": "sagsbehandler.lejre", "password": "demo", "csrfmiddlewaretoken": token}
    opener.addheaders = [("Referer", f"{url}/login/")]
    response = opener.open(f"{url}/login/", urllib.parse.urlencode(form).encode(), timeout=30)
    assert response.geturl() == f"{url}/"
    return opener


def _get(opener, url: str) -> tuple[int, str, str | None]:
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.read().decode(), response.headers["Retry-After"]
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers["Retry-After"]


PAGES = ("/", "/borgere/", "/virksomheder/", "/api/v1/citizens/")


def test_the_app_answers_503_during_a_database_restart_and_recovers(app_server, database):
    opener = _logged_in(app_server)
    for page in PAGES:
        assert _get(opener, app_server + page)[0] == 200

    results: list[tuple[str, int, str, str | None]] = []
    stop = threading.Event()

    def traffic() -> None:  # requests in flight while the database goes away and comes back
        while not stop.is_set():
            for page in PAGES:
                results.append((page, *_get(opener, app_server + page)))

    workers = [threading.Thread(target=traffic) for _ in range(3)]
    for w in workers:
        w.start()
    while len(results) < 6:
        time.sleep(0.05)
    database["proxy"].cut()
    cut_at = len(results)
    while len(results) < cut_at + 12:  # requests answered while the database is away
        time.sleep(0.05)
    database["proxy"].restore()
    stop.set()
    for w in workers:
        w.join()

    statuses = {status for _, status, _, _ in results}
    assert statuses <= {200, 503}, [r[:2] for r in results if r[1] not in (200, 503)]
    unavailable = [r for r in results if r[1] == 503]
    assert unavailable, "no request met the outage"
    for _, _, body, retry_after in unavailable:
        assert retry_after == "10" and "Midlertidigt utilgængelig" in body

    # The same server process recovers by itself: every page answers normally again.
    for _ in range(2):
        for page in PAGES:
            status, body, _ = _get(opener, app_server + page)
            assert status == 200, (page, body[:300])


def test_a_worker_that_loses_the_database_exits_clearly_and_a_rerun_finishes(database):
    env = cli_env(database["data_dir"], database["proxied"])
    marker: Path = database["data_dir"] / "fault-pause-match_run.saving"
    args = ["manage", "match_run", "--municipality", "751"]
    process = subprocess.Popen(
        [str(FLEKSJOB), *args],
        env={**env, "FLEKSJOB_FAULT_PAUSE_AT": "match_run.saving"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    database["proxy"].cut()  # the database restarts while the worker is saving
    marker.unlink()  # let the worker go on
    _, stderr = process.communicate(timeout=300)
    database["proxy"].restore()
    assert process.returncode == 1
    assert "fleksjob match_run: error: the database connection was lost" in stderr
    assert "Traceback" not in stderr
    runs = "SELECT status FROM placements_matchrun WHERE municipality_id = '751'"
    results = (
        "SELECT COUNT(*), COUNT(DISTINCT (r.citizen_id, r.position_id)) "
        "FROM placements_matchresult r JOIN placements_matchrun m ON m.id = r.run_id "
        "WHERE m.municipality_id = '751'"
    )
    assert pg_query(database["url"], runs) == [("running",)]
    assert pg_query(database["url"], results) == [(0, 0)]

    rerun = fleksjob(*args, env=env)
    assert "751: done" in rerun.stdout
    assert pg_query(database["url"], runs) == [("done",)]
    count, distinct = pg_query(database["url"], results)[0]
    assert count == distinct > 0
