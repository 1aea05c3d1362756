"""Every page the demo personas reach speaks one language, with its numbers, dates and labels.

On the tiny synthetic dataset (indicators computed), each demo persona starts at the home page
and follows every link of the app's own pages, in Danish and in English; every page, export and
chart is read by tests/language.py (raw codes, English words in Danish, Danish strings left in
English, the wrong decimal sign, capitalised Danish months, charts without the locale).
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from fleksjob.accounts.models import User
from fleksjob.demo.personas import PERSONAS
from fleksjob.demo.portal_personas import CITIZEN_PERSONAS, EMPLOYER_PERSONA, ensure_portal_personas
from tests.language import Checker
from tests.seeded import computed_for_module

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PERSONA_NAMES = [p[0] for p in PERSONAS]
PORTAL_NAMES = [name for name, *_ in CITIZEN_PERSONAS] + [EMPLOYER_PERSONA[0]]
PORTAL_START = {name: "/mit-fleksjob/" for name, *_ in CITIZEN_PERSONAS} | {
    EMPLOYER_PERSONA[0]: "/arbejdsgiver/"
}
# Not the app's own pages: Django's admin (its own translations), leaving, switching language.
SKIP_PREFIXES = ("/admin/", "/static/", "/logout/", "/i18n/", "/api/")
# Pages of one URL name visited per persona and language (a detail page is one template).
PER_NAME = 3
# CSV columns of documented codes, read by programs (docs/statistics.md): not labels.
MACHINE_COLUMNS = frozenset({"unit_id", "flag", "label", "suppressed"})
# Files in the import format (codes are what the import reads): not read here.
IMPORT_FORMAT = ("exchange:template",)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "tel:")):
            self.links.append(href)


computed = computed_for_module(first="2025-10", last="2026-09")


@pytest.fixture
def dataset(computed, personas):
    portal = ensure_portal_personas()
    assert portal == PORTAL_NAMES
    return {**personas, **{u.username: u for u in User.objects.filter(username__in=portal)}}


def crawl(
    client: Client, language: str, checker: Checker, start: str = "/"
) -> tuple[dict[str, list[str]], int]:
    """Problems per URL of every page reached from ``start``, and the number of pages."""
    found: dict[str, list[str]] = {}
    queue, seen, per_name = deque([start]), {start}, Counter()
    pages = 0
    while queue:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code != 200:
            continue
        pages += 1
        kind = response.headers.get("Content-Type", "")
        if not kind.startswith(("text/csv", "text/html")):
            continue  # an Excel workbook, an image
        body = response.content.decode()
        if kind.startswith("text/csv"):
            problems = checker.csv_problems(body, machine=MACHINE_COLUMNS)
        else:
            problems = checker.problems(body, language)
        if problems:
            found[url] = problems
        parser = _Links()
        parser.feed(body if kind.startswith("text/html") else "")
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or parts.path.startswith(SKIP_PREFIXES) or target in seen:
                continue
            try:
                name = resolve(parts.path).view_name
            except Resolver404:
                continue
            if per_name[name] >= PER_NAME or name in IMPORT_FORMAT:
                continue
            per_name[name] += 1
            seen.add(target)
            queue.append(target)
    return found, pages


def access_requests(client: Client, language: str, checker: Checker) -> list[str]:
    """The printable access request (a POST, so no link reaches it) of Lejre citizens with the
    most kinds of records: placements, follow-up plans, employments."""
    from django.db.models import Count

    from fleksjob.citizens.models import Citizen

    citizens = (
        Citizen.objects.filter(municipality_id="350")
        .annotate(n=Count("placements", distinct=True) + Count("employments", distinct=True))
        .order_by("-n", "pk")[:3]
    )
    found = []
    for citizen in citizens:
        url = reverse("privacy:access_request", args=[citizen.pk])
        response = client.post(url, {"format": "html"}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, response.status_code
        found += [f"{url}: {p}" for p in checker.problems(response.content.decode(), language)]
    return found


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_reachable_page_speaks_the_language(dataset, language):
    checker = Checker()
    report = []
    for username in PERSONA_NAMES + PORTAL_NAMES:
        client = Client()
        client.force_login(dataset[username])
        portal = dataset[username].is_portal
        found, pages = crawl(client, language, checker, PORTAL_START.get(username, "/"))
        assert pages >= (1 if portal else 4), (username, pages)
        for url, problems in found.items():
            report += [f"{username} {url}: {p}" for p in problems]
        if username == "sagsbehandler.lejre":
            report += [f"{username} {p}" for p in access_requests(client, language, checker)]
    assert not report, f"{len(report)} problems:\n" + "\n".join(report)
