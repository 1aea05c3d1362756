"""English through Django i18n: the catalogue is complete, compiled, and used by the pages."""

from __future__ import annotations

import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    assert len(text) >= 2 and text[0] == text[-1] == '"', f"django.po:{line}: not a quoted string"
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (obsolete ``#~`` entries skipped), strings joined across lines."""
    entries: list[Entry] = []
    entry, target = Entry(line=1), None

    def flush():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            if target is not None and target[0] == "msgstr":
                flush()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                flush()
        elif line.startswith('"'):
            assert target is not None, f"django.po:{number}: continuation without a keyword"
            kind, index = target
            text = _unquote(line, number)
            if kind == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + text)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                flush()
            if not entry.line:
                entry.line = number
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                setattr(entry, keyword, _unquote(rest, number))
                target = (keyword, 0)
            elif keyword == "msgstr" or match:
                index = int(match.group(1)) if match else 0
                entry.msgstr[index] = _unquote(rest, number)
                target = ("msgstr", index)
            else:
                raise AssertionError(f"django.po:{number}: unexpected line {raw!r}")
    flush()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return parse_po(PO_FILE)


@pytest.fixture(scope="module")
def mo() -> gettext.GNUTranslations:
    with MO_FILE.open("rb") as fp:
        return gettext.GNUTranslations(fp)


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid]


def test_po_header_declares_english_with_plural_forms(po_entries):
    header = po_entries[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields["Language"] == "en"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"


def test_po_is_fully_translated_and_not_fuzzy(po_entries):
    messages = _messages(po_entries)
    assert len(messages) > 200  # the whole UI, not a stub
    fuzzy = [f"{e.line}: {e.msgid!r}" for e in messages if "fuzzy" in e.flags]
    untranslated = [f"{e.line}: {e.msgid!r}" for e in messages if not all(e.msgstr.values())]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_placeholders_are_kept(po_entries):
    for entry in _messages(po_entries):
        expected = set(_PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural is None:
            for msgstr in entry.msgstr.values():
                assert set(_PLACEHOLDER.findall(msgstr)) == expected, (entry.line, entry.msgid)
        else:
            # Plural forms may drop the count ("every week"), never add a name the source lacks.
            allowed = expected | set(_PLACEHOLDER.findall(entry.msgid_plural))
            for msgstr in entry.msgstr.values():
                assert set(_PLACEHOLDER.findall(msgstr)) <= allowed, (entry.line, entry.msgid)


def test_mo_is_in_sync_with_po(po_entries, mo):
    assert mo.info().get("language") == "en"
    expected_keys: set = set()
    for entry in _messages(po_entries):
        where = f"django.po:{entry.line}: {entry.msgid!r}"
        ctxt = entry.msgctxt
        key = entry.msgid if ctxt is None else f"{ctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            got = mo.gettext(entry.msgid) if ctxt is None else mo.pgettext(ctxt, entry.msgid)
            assert got == entry.msgstr[0], where
            expected_keys.add(key)
        else:
            for n, index in ((1, 0), (2, 1)):
                got = (
                    mo.ngettext(entry.msgid, entry.msgid_plural, n)
                    if ctxt is None
                    else mo.npgettext(ctxt, entry.msgid, entry.msgid_plural, n)
                )
                assert got == entry.msgstr[index], where
            expected_keys.update((key, index) for index in entry.msgstr)
    # Nothing stale either: the compiled catalogue holds no message the .po no longer has.
    compiled = set(mo._catalog) - {""}
    assert compiled == expected_keys, "django.mo is out of date: run compilemessages"


def test_catalogue_covers_every_source_string(tmp_path, monkeypatch):
    """``makemessages`` run on a copy of the source would add no msgid: nothing is left out."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is missing: `make test` installs Debian's gettext")
    package = Path(settings.LOCALE_PATHS[0]).parent
    copy = tmp_path / package.name
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    catalogue = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    before = PO_FILE.read_bytes()
    monkeypatch.chdir(copy)
    # The copy's own locale directory is the only target: the real catalogue is never written.
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)
    assert PO_FILE.read_bytes() == before

    def keys(path: Path) -> set[tuple[str | None, str]]:
        return {(e.msgctxt, e.msgid) for e in _messages(parse_po(path))}

    missing = sorted(keys(catalogue) - keys(PO_FILE), key=lambda k: k[1])
    assert not missing, "source strings missing from django.po (run `make messages`):\n" + (
        "\n".join(repr(msgid) for _, msgid in missing)
    )


@pytest.mark.django_db
def test_home_is_danish_by_default(login):
    page = login("sagsbehandler.lejre").get(reverse("home")).content.decode()
    assert '<html lang="da">' in page
    assert "Log af" in page
    assert "Din sagsstamme i Lejre" in page
    assert "Log out" not in page


@pytest.mark.django_db
def test_home_in_english_from_accept_language(login):
    response = login("sagsbehandler.lejre").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "Log out" in page
    assert "Your caseload in Lejre" in page
    assert "Log af" not in page


@pytest.mark.django_db
def test_language_switch_sticks_for_following_requests(login):
    client = login("sagsbehandler.lejre")
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Log out" in page
    assert "My cases" in page

    client.post(reverse("set_language"), {"language": "da", "next": reverse("home")})
    assert "Log af" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_login_page_in_danish_and_english(client):
    danish = client.get(reverse("login")).content.decode()
    assert "Brugernavn" in danish and "Adgangskode" in danish

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "<h1>Log in</h1>" in page
    assert "Username" in page and "Password" in page
    assert "Brugernavn" not in page


@pytest.mark.django_db
def test_failed_login_message_in_english(client):
    response = client.post(
        reverse("login"), {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Incorrect username or password." in response.content.decode()


@pytest.mark.django_db
def test_language_switch_works_before_login(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response.url == reverse("login")
    assert "<h1>Log in</h1>" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_core_labels_follow_the_language(login):
    from tests.factories import ApprovalFactory

    citizen = ApprovalFactory(citizen__municipality_id="350").citizen
    client = login("sagsbehandler.lejre")
    url = reverse("citizens:detail", args=[citizen.pk])
    danish = client.get(url).content.decode()
    assert "Visiteret, ledig" in danish and "Ingen tunge løft" in danish
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Approved, unemployed" in english and "No heavy lifting" in english
