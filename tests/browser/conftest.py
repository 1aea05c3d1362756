"""A real demo server (``fleksjob demo --scale tiny``) in a subprocess, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FLEKSJOB_CHROMIUM", "/usr/bin/chromium")
# Tests wait for conditions (a URL, a selector, a text), never for a fixed time. This is only the
# ceiling on each wait, generous so that a machine whose cores are busy still passes; a condition
# that never comes still fails, just later.
WAIT_CEILING_MS = int(os.environ.get("FLEKSJOB_BROWSER_WAIT_MS", "180000"))
FLEKSJOB = Path(sys.executable).with_name("fleksjob")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLEKSJOB_", "DATABASE_URL", "SECRET_KEY"))
    }
    env.update({"FLEKSJOB_MODE": "demo", "FLEKSJOB_DATA_DIR": str(data_dir)})
    return env


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo")
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [str(FLEKSJOB), "demo", "--scale", "tiny", "--port", str(port)],
        env=demo_env(data_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # seeding on a busy machine
    while True:
        try:
            with urllib.request.urlopen(f"{url}/login/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((data_dir / "server.log").read_text()[-3000:])
        time.sleep(0.5)
    yield {"url": url, "data_dir": data_dir, "env": demo_env(data_dir)}
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` (Debian package chromium)"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_CEILING_MS)

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(base_url=demo_server["url"], locale="da-DK")
    context.set_default_timeout(WAIT_CEILING_MS)
    context.set_default_navigation_timeout(WAIT_CEILING_MS)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("button[type=submit].button-primary")
    page.wait_for_url("**/")


def go_to_menu_item(page, name: str) -> None:
    """Click a main menu item as a person would at the page's width: in the menu bar, in DKFDS's
    "Mere" menu when the bar is too narrow for every item, or in the drawer on a phone."""
    bar = page.locator(".navigation-menu .mainmenu")
    link = bar.get_by_role("link", name=name, exact=True)
    if not link.count() and bar.locator(".more-button").is_visible():
        bar.locator(".more-button").click()
    elif not link.count():
        page.get_by_test_id("menu-open").click()
        link = page.get_by_test_id("mobile-drawer").get_by_role("link", name=name, exact=True)
    link.click()
