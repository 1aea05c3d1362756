"""Every page the demo personas can reach works on a phone (390 px wide) and passes axe-core.

One crawl per persona (one login each, on the session's one demo server): from the home page it
follows every link in the page, one page per URL pattern (ids and query strings left out), and on
each page at 390 px checks that the menu button opens the navigation with the logout button in it,
that the page body does not scroll sideways (wide tables scroll inside their own container), that
every form control fits the screen, and that axe-core finds nothing serious or critical, at 390 px
and at desktop width. The crawl must reach every HTML page of the persona matrix.
"""

from __future__ import annotations

import re
import subprocess
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from tests.browser.conftest import FLEKSJOB, log_in
from tests.browser.test_flows import _axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PERSONAS = (
    "sagsbehandler.lejre",
    "konsulent.aarhus",
    "leder.rudersdal",
    "admin",
    "borger.lejre",
    "virksomhed.aarhus",
    "visitation.lejre",
)

# Not pages of the app's own: the API (JSON and its Swagger UI), static files, downloads.
SKIP = re.compile(r"^/(static|api|i18n|logout)/|\.(csv|xlsx|json|jsonl)$")
# Django's admin renders every model with the same templates: one page of each kind is enough.
ADMIN_KIND = re.compile(r"^/admin/(?:[a-z_]+/(?:[a-z_]+/)?)?")

# Entries of the persona matrix that are files to download, not pages.
DOWNLOADS = {"benchmarking:export", "exchange:template", "public:data"}

OVERFLOW = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > doc.clientWidth + 1 && !e.closest('.table--responsive-scroll')
      && !e.closest('.mobile-drawer') && getComputedStyle(e).position !== 'fixed';
  }).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
  return doc.scrollWidth > doc.clientWidth ? wide.slice(0, 5).concat([`${doc.scrollWidth}px`]) : [];
}"""

# Form controls in the page's content that do not fit the screen (cut off or pushed out).
CONTROLS_OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main input, main select, main textarea, main button')]
    .filter((e) => e.type !== 'hidden' && e.offsetParent !== null)
    .filter((e) => !e.closest('.table--responsive-scroll'))
    .filter((e) => {
      const r = e.getBoundingClientRect();
      return r.left < 0 || r.right > width + 1;
    })
    .map((e) => e.name || e.id || e.textContent.trim());
}"""

CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-chart]')]
  .every((e) => e.querySelector('svg, canvas'))"""


def _shape(path: str) -> str:
    """The URL pattern a path belongs to: numbers as N; Django's admin by kind of page."""
    if path.startswith("/admin/"):
        rest = ADMIN_KIND.sub("", path)
        kind = re.sub(r"\d+", "N", rest) or str(path.count("/"))
        return f"/admin/…/{kind}"
    return re.sub(r"/\d+(?=/)", "/N", path)


def _url_name(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "(links) => links.map((a) => a.href)"
    )
    origin = urlsplit(page.url)
    found = []
    for href in hrefs:
        url = urlsplit(href)
        if (url.scheme, url.netloc) == (origin.scheme, origin.netloc):
            found.append(url.path)
    return found


def _check_menu(page) -> list[str]:
    """At phone width: the menu button opens the drawer with every menu item and the logout
    button; Escape closes it again."""
    problems = []
    opener = page.get_by_test_id("menu-open")
    if not opener.is_visible():
        return ["no visible menu button"]
    opener.click()
    drawer = page.get_by_test_id("mobile-drawer")
    expect(drawer).to_be_visible()
    desktop_items = page.locator(".navigation-menu .mainmenu > li:not(.more-option) a").count()
    drawer_links = drawer.locator(".navigation-menu-mobile a")
    if drawer_links.count() != desktop_items or not drawer_links.last.is_visible():
        problems.append(f"drawer has {drawer_links.count()} of {desktop_items} menu items")
    logout = drawer.get_by_test_id("mobile-logout")
    logout.scroll_into_view_if_needed()
    if not logout.is_visible():
        problems.append("logout not reachable in the drawer")
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    return problems


def _check_page(page, path: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    page.wait_for_function(CHARTS_DRAWN)
    if found := page.evaluate(OVERFLOW):
        problems["scrolls sideways"] = found
    if found := page.evaluate(CONTROLS_OFF_SCREEN):
        problems["form controls off screen"] = found
    if path.startswith("/admin/"):
        # Django's admin has its own responsive header: its logout button is in view.
        if not page.locator("#logout-form button").is_visible():
            problems["menu"] = ["the admin's logout button is not visible"]
    elif found := _check_menu(page):
        problems["menu"] = found
    if found := _axe_violations(page):
        problems["axe at 390 px"] = found
    page.set_viewport_size(DESKTOP)
    page.wait_for_function(CHARTS_DRAWN)
    if found := _axe_violations(page):
        problems["axe at desktop width"] = found
    page.set_viewport_size(PHONE)
    return problems


def _crawl(page, start: list[str]) -> tuple[dict[str, dict], set[str]]:
    """Visits one page of every URL pattern reachable by links from the ``start`` pages; returns
    the problems found per page and the URL names visited."""
    seen_shapes: set[str] = set()
    visited: set[str] = set()
    queue = deque(start)
    problems: dict[str, dict] = {}
    names: set[str] = set()
    while queue:
        path = queue.popleft()
        shape = _shape(path)
        if shape in seen_shapes or path in visited or SKIP.search(path):
            continue
        seen_shapes.add(shape)
        visited.add(path)
        name = _url_name(path)
        if name in DOWNLOADS:
            continue
        response = page.goto(path)
        if not response.ok or "text/html" not in response.headers.get("content-type", ""):
            if not response.ok:
                problems[path] = {"status": [str(response.status)]}
            continue
        names.add(name)
        if found := _check_page(page, path):
            problems[path] = found
        if page.locator("#changelist").count() and not page.locator("#result_list").count():
            seen_shapes.discard(shape)  # an empty admin list: let a list with rows stand for it
        queue.extend(_links(page))
    return problems, names


# Records the tiny demo has none of, made with the app's own write functions, so that their pages
# are linked from the lists and crawled too: a match proposal in Lejre, a task of that position
# and a case transfer that Rudersdal requests from Lejre.
SEED_RECORDS = """
from django.utils import timezone
from fleksjob.accounts.models import User
from fleksjob.citizens.models import Approval
from fleksjob.citizens.protection import protector
from fleksjob.employers.models import Position
from fleksjob.jobs.models import JobRun
from fleksjob.placements.actions import propose_match
from fleksjob.transfers.actions import request_transfer

lejre = User.objects.get(username="sagsbehandler.lejre")
approvals = Approval.objects.active().filter(citizen__municipality_id="350").order_by("pk")
position = Position.objects.visible_to(lejre).filter(status="open").order_by("pk").first()
propose_match(lejre, approvals[0].citizen, position, on=timezone.localdate())
# Job crafting: the position described as a task (its task pages are linked from its page).
from django.urls import reverse
from fleksjob.employers.tasks import add_task
add_task(lejre, position, description="Journalisering af post", hours=4, skills=["filing_archive"])
print(reverse("employers:position_detail", args=[position.employer_id, position.pk]))
rudersdal = User.objects.get(username="sagsbehandler.rudersdal")
request_transfer(rudersdal, cpr=protector().decrypt(approvals[1].citizen.cpr_encrypted))
# An open satisfaction survey for the citizen and the employer persona (what the daily
# send_surveys leaves after a meeting held or a visit logged).
import datetime as dt
from fleksjob.core.surveys import load_surveys
from fleksjob.selfservice.models import CitizenAccount, EmployerAccount
from fleksjob.surveys.models import SurveyInvitation
today = timezone.localdate()
surveys = load_surveys()
citizen = CitizenAccount.objects.get(user__username="borger.lejre").citizen
contact = EmployerAccount.objects.get(user__username="virksomhed.aarhus").contact_person
for survey_id, who in (
    ("citizen_after_meeting", {"citizen": citizen, "municipality_id": citizen.municipality_id}),
    ("employer_after_visit", {
        "contact_person": contact, "municipality_id": contact.employer.municipality_id
    }),
):
    survey = surveys[survey_id]
    SurveyInvitation.objects.create(
        survey_id=survey.id, version=survey.version, audience=survey.audience,
        trigger=survey.trigger, source_id=10**9, triggered_on=today, sent_on=today,
        open_until=today + dt.timedelta(days=14), **who,
    )
run = JobRun.objects.create(  # a finished import (its page is where the import form redirects)
    kind="import_records",
    key="import_records:browser-mobile",
    params={"kind": "citizens", "username": "sagsbehandler.lejre", "channel": "web"},
    municipality_id="350",
    requested_by=lejre,
    status="done",
    counts={"kind": "citizens", "rows": 1},
)
print(run.pk)
"""

# Pages that a link reaches only when there is something to show (visited directly as well, so
# their empty state is checked), or that a form redirects to.
START = {
    "sagsbehandler.lejre": ["/", "/import/job/{import_run}/", "{crafted}"],
    "leder.rudersdal": ["/", "/borgere/opfoelgning/uden-modtager/"],
    "borger.lejre": ["/mit-fleksjob/"],
    "virksomhed.aarhus": ["/arbejdsgiver/"],
}


@pytest.fixture(scope="module")
def crawls(browser, demo_server):
    """Each persona's crawl at phone width, logged in once."""
    seeded = subprocess.run(
        [str(FLEKSJOB), "manage", "shell", "-c", SEED_RECORDS],
        env=demo_server["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    import_run = int(seeded.stdout.split()[-1])
    crafted = seeded.stdout.split()[-2]  # the page of a position described as tasks
    results = {}
    for persona in PERSONAS:
        context = browser.new_context(base_url=demo_server["url"], locale="da-DK", viewport=PHONE)
        page = context.new_page()
        log_in(page, persona)
        start = [
            path.format(import_run=import_run, crafted=crafted)
            for path in START.get(persona, ["/"])
        ]
        results[persona] = _crawl(page, start)
        context.close()
    return results


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_works_at_390_px_and_passes_axe(crawls, persona):
    problems, names = crawls[persona]
    assert names, "the crawl visited nothing"
    assert not problems


def test_the_crawls_reach_every_page_of_the_persona_matrix(crawls):
    from tests.web.test_persona_matrix import PAGES, POST_ONLY

    reached = set().union(*(names for _problems, names in crawls.values()))
    pages = {name for name in PAGES if not name.startswith("api")} - POST_ONLY - DOWNLOADS
    assert not pages - reached, f"no persona reached {sorted(pages - reached)}"


def test_the_checks_catch_a_page_that_scrolls_sideways(page):
    page.set_viewport_size(PHONE)
    page.set_content(
        '<html lang="da"><body><main><h1>t</h1><table><tr><td>'
        + "bred " * 200
        + '</td></tr></table><input name="x" style="width:900px"></main></body></html>'
    )
    assert page.evaluate(OVERFLOW)
    assert page.evaluate(CONTROLS_OFF_SCREEN) == ["x"]


def test_a_consultant_on_a_phone_moves_through_the_menu_logs_a_visit_and_logs_out(page):
    page.set_viewport_size(PHONE)
    log_in(page, "konsulent.aarhus")
    assert page.locator(".navigation-menu").is_hidden()  # the desktop menu is gone on a phone
    page.get_by_test_id("menu-open").click()
    page.get_by_test_id("mobile-drawer").get_by_role("link", name="Virksomheder").click()
    page.wait_for_url("**/virksomheder/")
    expect(page.get_by_test_id("mobile-drawer")).to_be_hidden()
    page.locator("table tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/virksomheder/\d+/$"))
    employer = page.url
    page.click("text=Registrér kontakt")
    page.select_option("#id_contact-channel", index=1)
    page.select_option("#id_contact-outcome", index=1)
    page.fill("#id_contact-note", "Besøg hos virksomheden, skrevet på telefonen")
    # A follow-up before the visit: a clear error, nothing saved.
    page.fill("#id_contact-follow_up_on", "2000-01-01")
    page.get_by_role("button", name="Gem kontakt").click()
    expect(page.get_by_text("Opfølgningen kan ikke ligge før kontakten.")).to_be_visible()
    assert page.evaluate(OVERFLOW) == []
    page.fill("#id_contact-follow_up_on", "2099-01-01")
    page.get_by_role("button", name="Gem kontakt").click()
    page.wait_for_url(employer)
    expect(page.get_by_text("Besøg hos virksomheden, skrevet på telefonen")).to_be_visible()
    page.get_by_test_id("menu-open").click()
    page.get_by_test_id("mobile-logout").click()
    page.wait_for_url("**/login/**")
