"""The page frame on a phone: DKFDS's mobile header (menu button, drawer with the whole main menu
and the logout button) rendered for every role, and every table in a container that scrolls on
its own. The browser test (tests/browser/test_mobile.py) checks the same pages at 390 px."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import RequestFactory

import fleksjob
from fleksjob.ui.context import main_menu

TEMPLATES = sorted(Path(fleksjob.__file__).parent.glob("*/templates/**/*.html"))


class _Header(HTMLParser):
    """Links of the desktop menu and of the mobile drawer, and what the drawer holds."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, str]] = []
        self.desktop: list[str] = []
        self.drawer: list[str] = []
        self.drawer_logout = False
        self.menu_button: dict[str, str] | None = None
        self.scripts: list[str] = []

    def _inside(self, cls: str) -> bool:
        return any(cls in (a.get("class") or "").split() for a in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "button" and "js-menu-open" in a.get("class", "").split():
            self.menu_button = a
        if tag == "a" and self._inside("navigation-menu"):
            self.desktop.append(a["href"])
        if tag == "a" and self._inside("navigation-menu-mobile"):
            self.drawer.append(a["href"])
        if tag == "form" and self._inside("mobile-drawer") and a.get("action") == "/logout/":
            self.drawer_logout = True
        if tag not in ("input", "br", "img", "meta", "link", "use"):
            self.stack.append(a)

    def handle_endtag(self, tag):
        if self.stack and tag not in ("input", "br", "img", "meta", "link", "use"):
            self.stack.pop()


def _header(client, path: str = "/") -> _Header:
    response = client.get(path)
    assert response.status_code == 200
    parser = _Header()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "items"),
    [
        ("sagsbehandler.lejre", 11),
        ("konsulent.aarhus", 10),
        ("leder.rudersdal", 14),  # with Scenarier, the managers' own menu item
        ("admin", 4),
        ("visitation.lejre", 4),  # Forside, Puljer, Benchmarking, Beregner
    ],
)
def test_the_menu_button_opens_a_drawer_with_the_whole_menu_and_logout(login, persona, items):
    header = _header(login(persona))
    assert header.menu_button is not None, "no menu button for narrow screens"
    assert header.menu_button["aria-controls"] == "mobile-drawer"
    assert header.menu_button["type"] == "button"
    assert len(header.desktop) == items
    assert header.drawer == header.desktop
    assert header.drawer_logout
    # DKFDS does not start itself; app.js starts it (a file: the CSP allows no inline script).
    assert header.scripts.index("/static/fleksjob/app.js") > header.scripts.index(
        "/static/dkfds/js/dkfds.min.js"
    )


@pytest.mark.django_db
def test_no_menu_before_login(client):
    response = client.get("/login/")
    assert b"js-menu-open" not in response.content
    assert b"mobile-drawer" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/virksomheder/", "/virksomheder/"),
        ("/virksomheder/12/", "/virksomheder/"),
        ("/virksomheder/opsoegning/", "/virksomheder/opsoegning/"),
        ("/borgere/3/rediger/", "/borgere/"),
        ("/konto/sikkerhed/", None),
    ],
)
def test_the_current_menu_item_is_the_longest_matching_one(personas, path, current):
    request = RequestFactory().get(path)
    request.user = personas["sagsbehandler.lejre"]
    marked = [item.url for item in main_menu(request) if item.current]
    assert marked == ([current] if current else [])


def test_the_app_script_starts_dkfds():
    app_js = Path(fleksjob.__file__).parent / "ui" / "static" / "fleksjob" / "app.js"
    assert "DKFDS.init()" in app_js.read_text()


def test_every_table_scrolls_inside_its_own_focusable_container():
    """A wide table scrolls inside its container, not the page, and the container takes
    keyboard focus so it can be scrolled without a mouse (axe: scrollable-region-focusable)."""
    unwrapped = []
    for template in TEMPLATES:
        text = template.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[max(0, match.start() - 300) : match.start()]
            wrapper = re.search(r'<div class="table--responsive-scroll[^"]*"([^>]*)>\s*$', before)
            if not wrapper or 'tabindex="0"' not in wrapper.group(1):
                line = text.count("\n", 0, match.start()) + 1
                unwrapped.append(f"{template.relative_to(template.parents[2])}:{line}")
    assert TEMPLATES
    assert not unwrapped
