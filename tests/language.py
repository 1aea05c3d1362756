"""Is a rendered page in one language, with the locale's numbers and dates and no raw codes?

``problems(body, language)`` reads an HTML page (or a CSV export) as a user would see it: the
text nodes, the attributes people read (``title``, ``aria-label``, ``placeholder``, ``alt``) and
the titles and texts of the Vega-Lite charts the page carries. It answers one line per problem:

- a **raw code**: a text that is exactly a stored code value (every ``TextChoices`` of the
  models, every ``StrEnum`` of the core, the taxonomy's keys), unless the code is also its own
  label (``fleksjob``);
- an **untranslated string**: in a Danish page, English words from a list of words Danish does
  not have, or a whole text equal to an English translation of the catalogue; in an English page,
  a whole text equal to a Danish source string of the catalogue whose translation differs;
- a **number in the other language's format**: a decimal point in a Danish page ("0.14"), a
  decimal comma in an English page ("0,14");
- a **date in the wrong form**: a capitalised Danish month abbreviation ("22. Okt 2026") or an
  English month name in a Danish page;
- a **Danish reason in an English page**: a matching or outreach reason the core writes in Danish
  that the page did not show in English;
- a **chart without the page's locale**: a Vega-Lite spec whose ``config.locale`` does not give
  the language's decimal sign and month names (Vega would format numbers and axes in US English).

tests/test_guardrails.py proves that each check fires; tests/web/test_language_everywhere.py
runs them over every page the demo personas reach.
"""

from __future__ import annotations

import csv
import enum
import importlib
import io
import json
import pkgutil
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from fleksjob.core.casework import outreach as _outreach
from fleksjob.core.matching import explain as _explain

# English words that are not Danish words (so never right in a Danish sentence). Words both
# languages have ("status", "person", "mentor", "by", "for", "under") are left out.
_ENGLISH_WORDS = """
the and with without from which this that these those there their are were been being has
was will would should could into onto about after before between through than then when
where while your yours our you they them contact employer employers citizen citizens
positions placement placements hours weekly monthly month months week weeks year years day
days today yesterday tomorrow date name address phone email save cancel search next previous
page pages submit delete edit update create created updated open closed none true false null
nan undefined yes unknown other others average share count number january february march may
june july october monday tuesday wednesday thursday friday saturday sunday
"""
ENGLISH_ONLY = frozenset(_ENGLISH_WORDS.split())
# English month abbreviations, as English capitalises them (Danish writes "feb.", "okt.").
ENGLISH_MONTHS_SHORT = frozenset(["Feb", "Apr", "May", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"])
# Words of Danish pages that are the same in English on purpose (names, brands, abbreviations).
ENGLISH_ALLOWED_IN_DANISH = frozenset({"fleksjob", "CVR", "CPR", "DISCO", "Jobindsats"})
# Danish month abbreviations: lower case in Danish ("22. okt. 2026").
DANISH_MONTHS = "jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec"
CAPITALISED_MONTH = re.compile(rf"\b({DANISH_MONTHS.title()})\b\.?\s*\d{{4}}")
# A number with a decimal point or comma: digits, separator, digits (thousands groups aside).
NUMBER = re.compile(r"(?<![\w.,/:-])(\d+(?:[.,]\d+)+)(?![\w/:-]|[.,]\d)")
# Thousands groups never start with 0 ("0.444" is a decimal, not 444).
DANISH_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d+,\d+")
ENGLISH_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
# The sentences the core writes in Danish and the pages show in English (matching and outreach
# reasons): one left as written in an English page is untranslated.
DANISH_SENTENCES = tuple(
    [pattern for pattern, _ in _explain._EN_PATTERNS]
    + [re.compile(danish) for danish, _ in _outreach._ENGLISH]
)
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
CHART_TEXT_KEYS = ("title", "text")


def _enum_members() -> Iterator[tuple[str, set[str]]]:
    """(code, its labels) of every TextChoices of the models and every StrEnum of the core."""
    from django.apps import apps
    from django.db import models

    import fleksjob.core
    from fleksjob.audit.models import Channel
    from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
    from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES

    yield from ((code, {label}) for code, label in Channel.choices)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value:
                    yield value, {str(label)}
    seen: set[type] = set()
    for module_info in pkgutil.walk_packages(fleksjob.core.__path__, "fleksjob.core."):
        module = importlib.import_module(module_info.name)
        # The core's label tables (code → Danish / English label) and funnel flags.
        for name in ("LABELS_DA", "LABELS_EN"):
            for code, label in (getattr(module, name, None) or {}).items():
                if isinstance(code, str):
                    yield str(code), {label}
        for code in getattr(module, "FLAGS", None) or ():
            yield code, set()
        for item in vars(module).values():
            if (
                isinstance(item, type)
                and issubclass(item, enum.StrEnum)
                and item not in seen
                and not issubclass(item, models.Choices)
            ):
                seen.add(item)
                for member in item:
                    yield member.value, set()
    for key, item in ACCOMMODATIONS.items():
        yield key, {item.label_da, item.label_en}
    for vocabulary in (SECTORS, TASK_TYPES):
        for key, pair in vocabulary.items():
            yield key, set(pair)


def known_codes() -> frozenset[str]:
    """Code values that must never be shown as they are: stored codes with a label of their
    own (a code that is its own label in either language is a word, not a code)."""
    labels: dict[str, set[str]] = {}
    for code, names in _enum_members():
        labels.setdefault(code, set()).update(names)
    from django.utils import translation

    # A code spelt as a word of the catalogue ("overdue" is the English for "overskredet").
    words = {w.lower() for pair in catalogue().items() for w in pair}
    out = set()
    for code, names in labels.items():
        shown = set()
        for language in ("da", "en"):
            with translation.override(language):
                shown.update(str(n).lower() for n in names)
        if code.lower() not in shown | words and not code.isdigit():
            out.add(code)
    return frozenset(out)


def code_labels() -> dict[str, str]:
    """Danish label → English label of every code (choices, the core's tables, the taxonomy):
    a Danish label in an English page is a label left untranslated."""
    from django.apps import apps
    from django.utils import translation

    import fleksjob.core
    from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
    from fleksjob.core.matching.vocabulary import SECTORS, TASK_TYPES

    pairs: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value:
                    with translation.override("da"):
                        da = str(label)
                    with translation.override("en"):
                        pairs[da] = str(label)
    for module_info in pkgutil.walk_packages(fleksjob.core.__path__, "fleksjob.core."):
        module = importlib.import_module(module_info.name)
        danish, english = getattr(module, "LABELS_DA", None), getattr(module, "LABELS_EN", None)
        if danish and english:
            pairs.update({da: english[code] for code, da in danish.items() if code in english})
    pairs.update({a.label_da: a.label_en for a in ACCOMMODATIONS.values()})
    for vocabulary in (SECTORS, TASK_TYPES):
        pairs.update(dict(vocabulary.values()))
    return {da: en for da, en in pairs.items() if da.lower() != en.lower()}


def catalogue() -> dict[str, str]:
    """Danish source string → English translation, for every entry of the English catalogue
    whose translation differs (plural and context entries left out)."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    mo = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as fp:
        translations = gettext.GNUTranslations(fp)
    pairs = {}
    for key, value in translations._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, str) and key and "\x04" not in key and value != key:
            pairs[key] = value
    return pairs


class _Text(HTMLParser):
    """The texts of a page a person reads, and the JSON of its script blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.scripts: list[str] = []
        self._skip: list[str] = []
        self._json = False
        self.page_language = ""
        # Elements marked with a language of their own (``lang="en"`` on an ILO title in a
        # Danish page): [tag, language, depth of nested same tags].
        self._parts: list[list] = []

    @property
    def _other_language(self) -> bool:
        return bool(self._parts) and self._parts[-1][1] != self.page_language

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.page_language = values.get("lang") or ""
        elif values.get("lang"):
            self._parts.append([tag, values["lang"], 1])
        elif self._parts and self._parts[-1][0] == tag:
            self._parts[-1][2] += 1
        if self._other_language:
            return
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag in ("script", "style"):
            self._skip.append(tag)
            self._json = tag == "script" and values.get("type") == "application/json"

    def handle_endtag(self, tag):
        if self._parts and self._parts[-1][0] == tag:
            self._parts[-1][2] -= 1
            if not self._parts[-1][2]:
                self._parts.pop()
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
            self._json = False

    def handle_data(self, data):
        if self._skip:
            if self._json:
                self.scripts.append(data)
            return
        text = " ".join(data.split())
        if text and not self._other_language:
            self.texts.append(text)


def _chart_texts(spec: object) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in CHART_TEXT_KEYS and isinstance(value, str):
                yield value
            elif key != "data":
                yield from _chart_texts(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_texts(item)


def _chart_problems(spec: dict, language: str) -> list[str]:
    locale = (spec.get("config") or {}).get("locale") or {}
    decimal = (locale.get("number") or {}).get("decimal")
    months = (locale.get("time") or {}).get("shortMonths") or []
    expected = "," if language == "da" else "."
    month = "okt." if language == "da" else "Oct"
    if decimal != expected or month not in months:
        return [f"chart without the {language} locale (decimal {decimal!r}, months {months[:3]})"]
    return []


def _code_problems(text: str, codes) -> list[str]:
    # The whole text, or a part between separators that is a code with an underscore (a list
    # of needs "extra_breaks, mentor"); a single word inside a sentence is a word.
    parts = {p.strip() for p in re.split(r"[·,;:()\[\]|–]", text)}
    found = {p for p in parts if "_" in p and p in codes}
    if text in codes:
        found.add(text)
    return [f"raw code {code!r} in {text!r}" for code in sorted(found)]


def _number_problems(text: str, language: str) -> list[str]:
    out = []
    for match in NUMBER.finditer(text):
        number = match.group(1)
        grouped = DANISH_GROUPED if language == "da" else ENGLISH_GROUPED
        if not grouped.fullmatch(number):
            sign = "point" if language == "da" else "comma"
            out.append(f"decimal {sign} in {number!r} in {text!r}")
    return out


def _word_problems(text: str, language: str, codes, pairs, english) -> list[str]:
    out = _code_problems(text, codes)
    if language == "da":
        for word in re.findall(r"[A-Za-z]+", text):
            is_english = word.lower() in ENGLISH_ONLY or word in ENGLISH_MONTHS_SHORT
            if is_english and word not in ENGLISH_ALLOWED_IN_DANISH:
                out.append(f"English word {word!r} in {text!r}")
        if text in english:
            out.append(f"English text {text!r}")
        for match in CAPITALISED_MONTH.finditer(text):
            out.append(f"capitalised month {match.group(0)!r} in {text!r}")
        out += _number_problems(text, language)
    else:
        # The whole text, or a part between separators ("Telefon · Interesseret"); not after a
        # colon, which starts free text people wrote ("Revurdering: betingelserne er opfyldt").
        parts = {text, *(p.strip() for p in re.split(r" · |; | – |, ", text))}
        for part in sorted(parts):
            if part in pairs:
                out.append(f"untranslated {part!r} (English: {pairs[part]!r}) in {text!r}")
        for sentence in DANISH_SENTENCES:
            if sentence.search(text):
                out.append(f"Danish reason {text!r}")
        # A figure of the page, not a number inside Danish text people entered (a position's
        # description "22,5 timer" stays as written in an English page).
        if len(re.findall(r"[^\W\d_]{2,}", text)) <= 3:
            out += _number_problems(text, language)
    return out


class Checker:
    """The checks with their word lists built once (codes from the models, the catalogue)."""

    def __init__(self) -> None:
        self.codes = known_codes()
        self.pairs = {**code_labels(), **catalogue()}
        # English texts of the catalogue and labels that are not also Danish texts.
        self.english = frozenset(
            v for v in self.pairs.values() if v not in self.pairs and len(v.split()) > 1
        )

    def texts(self, body: str) -> tuple[list[str], list[dict]]:
        parser = _Text()
        parser.feed(body)
        charts = []
        for script in parser.scripts:
            try:
                data = json.loads(script)
            except ValueError:
                continue
            if isinstance(data, dict) and "vega-lite" in str(data.get("$schema", "")):
                charts.append(data)
        return parser.texts, charts

    def problems(self, body: str, language: str) -> list[str]:
        """Every problem of an HTML page in ``language`` ("da" or "en")."""
        texts, charts = self.texts(body)
        out = []
        for spec in charts:
            out += _chart_problems(spec, language)
            texts += list(_chart_texts(spec))
        for text in texts:
            out += _word_problems(text, language, self.codes, self.pairs, self.english)
        return out

    def csv_problems(self, body: str, *, machine: frozenset[str] = frozenset()) -> list[str]:
        """Every problem of a CSV export's cells. The files are Danish spreadsheet CSV in both
        languages (``;`` and decimal comma); the header row and the ``machine`` columns hold
        documented codes for programs and are left out of the code check."""
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        out = []
        for row in rows[1:]:
            for name, cell in zip(rows[0], row, strict=False):
                out += _number_problems(cell, "da")
                if name not in machine:
                    out += _code_problems(cell, self.codes)
        return out
