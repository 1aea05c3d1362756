"""Net income after Danish personal income tax: AM-bidrag, kommune- and kirkeskat, bundskat and
the state brackets (topskat; from 2026 mellemskat, topskat, top-topskat), personfradrag,
beskæftigelsesfradrag, jobfradrag and the employee's ATP (ordinary, and 5 % of the
fleksløntilskud).

The parameters are rule data by income year (``tax/<year>.json``, each figure with its source),
the municipal rates a table by year and municipality (``tax/kommuneskat.csv``); a municipality
without its own rate for the year gets the national average, and the result says so.

The month's amounts are taken as the same every month of the year: tax is computed on twelve
times the month and divided by twelve. What the data does not settle is a stated model choice,
listed in ``MODEL_NOTES`` and returned with every result:

- fleksløntilskud and ledighedsydelse are A-income without AM-bidrag and without
  beskæftigelsesfradrag/jobfradrag (transfer income; unconfirmed for the subsidy by name);
- the employee's ATP (ordinary and on the subsidy) is deducted before AM-bidrag and tax;
- pension contributions (the ``pension_pct`` on top of the hourly wage) are savings, not paid
  out: they bear AM-bidrag (taken from the contribution), count in the arbejdsindkomst for the
  two deductions and in the base of the state brackets, not in the personal income;
- no other income, deductions, kapitalindkomst or spouse transfer of unused personfradrag.

Amounts in kr; ``net_month`` works per month.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from importlib import resources
from typing import Any

from fleksjob.core.errors import InvalidField
from fleksjob.core.rules.rates import (
    RatesNotCovered,
    RuleSet,
    first_overlap,
    load_rule_files,
    rule_period,
)
from fleksjob.reference import municipalities

_RATE_KEYS = (
    "am_bidrag",
    "personfradrag",
    "bundskat",
    "beskaeftigelsesfradrag_pct",
    "beskaeftigelsesfradrag_max",
    "jobfradrag_pct",
    "jobfradrag_threshold",
    "jobfradrag_max",
    "kommuneskat_average",
    "kirkeskat_average",
    "atp_employee_full",
    "atp_employee_two_thirds",
    "atp_employee_one_third",
)
_BRACKET_KEYS = ("rate", "threshold", "skatteloft")

MODEL_NOTES = (
    "Månedens beløb regnes som ens hele året: skatten beregnes af 12 gange måneden og deles "
    "med 12.",
    "Fleksløntilskud og ledighedsydelse regnes som A-indkomst uden AM-bidrag og uden "
    "beskæftigelses- og jobfradrag (overførselsindkomst). For fleksløntilskuddet er det den "
    "almindelige regel; ingen kilde nævner tilskuddet udtrykkeligt (ikke bekræftet).",
    "Lønmodtagerens ATP-bidrag (det almindelige og 5 % af fleksløntilskuddet, højst 500 kr. om "
    "måneden, LAB § 137) trækkes fra før AM-bidrag og skat; fradraget er ikke bekræftet i "
    "kilderne. ATP på deltid (66 og 33 kr.) er udledt, ikke set i en kilde.",
    "Pension (procenten oven i timelønnen) er opsparing og ikke med i nettoindkomsten; "
    "AM-bidraget af den tages af indbetalingen. Den tæller med i arbejdsindkomsten og i "
    "grundlaget for mellem-/topskat (ikke bekræftet i kilderne).",
    "Ingen anden indkomst, kapitalindkomst eller andre fradrag; uudnyttet personfradrag overføres "
    "ikke til en ægtefælle.",
    "Satserne stammer mest fra sekundære kilder; de skal tjekkes mod skm.dk's egne tabeller.",
)
LEDIGHEDSYDELSE_NOTE = (
    "Ledighedsydelse: fuld sats (89 % af højeste dagpengesats) uden anden indtægt; ATP-bidrag af "
    "ledighedsydelsen er ikke trukket fra (satsen findes ikke i kilderne)."
)


class TaxNotCovered(RatesNotCovered):
    """No tax parameters for the requested income year."""


class TaxTableError(ValueError):
    """A tax data file is malformed (names the file and the field)."""


class UnknownMunicipality(InvalidField):
    """Not one of the 98 municipality codes (the message never repeats the value)."""

    def __init__(self, field: str = "municipality") -> None:
        super().__init__(
            field,
            "ukendt kommunekode: brug en af de 98 trecifrede kommunekoder (fx 101 for København)",
        )


@dataclass(frozen=True)
class Bracket:
    """A state tax on the part of the bracket base above ``threshold`` (kr per year)."""

    name: str
    rate: float
    threshold: float
    skatteloft: float  # the cap on kommuneskat + bundskat + brackets up to this one


@dataclass(frozen=True)
class TaxRules:
    """The national income tax parameters of one income year (kr per year, rates as shares)."""

    effective_from: dt.date
    effective_to: dt.date
    am_bidrag: float
    personfradrag: float
    bundskat: float
    beskaeftigelsesfradrag_pct: float
    beskaeftigelsesfradrag_max: float
    jobfradrag_pct: float
    jobfradrag_threshold: float
    jobfradrag_max: float
    kommuneskat_average: float
    kirkeskat_average: float
    atp_employee_full: float  # kr per month, ≥ 117 hours a month
    atp_employee_two_thirds: float  # 78–116 hours
    atp_employee_one_third: float  # 39–77 hours
    brackets: tuple[Bracket, ...]
    sources: dict[str, Any] = field(repr=False, compare=False)
    notes: str = ""

    @property
    def year(self) -> int:
        return self.effective_from.year

    def atp_employee(self, hours_per_month: float) -> float:
        """The employee's share of ordinary ATP (monthly paid) by hours in the month."""
        if hours_per_month >= 117:
            return self.atp_employee_full
        if hours_per_month >= 78:
            return self.atp_employee_two_thirds
        if hours_per_month >= 39:
            return self.atp_employee_one_third
        return 0.0

    def as_dict(self) -> dict[str, Any]:
        """Every parameter with value, unit, source and verified (for ``calc rates`` and docs)."""
        return {
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat(),
            "notes": self.notes,
            "rates": {key: dict(self.sources[key]) for key in _RATE_KEYS},
            "state_brackets": [dict(b) for b in self.sources["state_brackets"]],
        }


@dataclass(frozen=True)
class LocalRates:
    """The kommuneskat and kirkeskat used for one municipality and year (shares)."""

    code: str
    name: str
    year: int
    kommuneskat: float
    kirkeskat: float  # for members of the folkekirke
    own_rate: bool  # False: the national average, the municipality's own rate is missing
    own_church_rate: bool  # False: the kirkeskat is the national average (own one missing)
    source: str
    source_url: str  # where the figure was read ("" for the national average's entry)
    source_date: str  # the source's publication date, ISO ("" likewise)
    verified: bool
    note: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _entry(where: str, raw: Any) -> tuple[float, dict[str, Any]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("value"), int | float):
        raise TaxTableError(f"{where}: mangler en talværdi")
    if isinstance(raw["value"], bool) or not math.isfinite(raw["value"]) or raw["value"] < 0:
        raise TaxTableError(f"{where}: skal være et ikke-negativt tal")
    if not raw.get("source") or not isinstance(raw.get("verified"), bool):
        raise TaxTableError(f"{where}: mangler source eller verified")
    if raw["source"] == "derived" and not raw.get("derivation"):
        raise TaxTableError(f"{where}: et udledt tal skal have derivation")
    return float(raw["value"]), raw


def _parse_rule_set(name: str, index: int, raw: dict[str, Any]) -> TaxRules:
    where = f"{name}, rule_sets[{index}]"
    start, end = rule_period(where, raw, TaxTableError)
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        raise TaxTableError(f"{where}: et skatteregelsæt dækker præcis ét indkomstår")
    values: dict[str, float] = {}
    sources: dict[str, Any] = {}
    for key in _RATE_KEYS:
        values[key], sources[key] = _entry(f"{where}, rates.{key}", raw.get("rates", {}).get(key))
    for key in ("am_bidrag", "bundskat", "beskaeftigelsesfradrag_pct", "jobfradrag_pct"):
        if values[key] >= 1:
            raise TaxTableError(f"{where}, rates.{key}: en andel skal ligge under 1")
    brackets = []
    raw_brackets = raw.get("state_brackets")
    if not isinstance(raw_brackets, list):
        raise TaxTableError(f"{where}, state_brackets: skal være en liste")
    for i, item in enumerate(raw_brackets):
        at = f"{where}, state_brackets[{i}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise TaxTableError(f"{at}: mangler name")
        numbers = {k: _entry(f"{at}.{k}", item.get(k))[0] for k in _BRACKET_KEYS}
        brackets.append(Bracket(str(item["name"]), **numbers))
    for before, after in itertools.pairwise(brackets):
        if after.threshold <= before.threshold:
            raise TaxTableError(f"{where}, state_brackets: grænserne skal stige")
    sources["state_brackets"] = raw_brackets
    return TaxRules(
        start,
        end,
        **values,
        brackets=tuple(brackets),
        sources=sources,
        notes=str(raw.get("notes", "")),
    )


def _folder():
    return resources.files("fleksjob.core.rules") / "tax"


@cache
def all_tax_rules() -> tuple[TaxRules, ...]:
    """Every income year's parameters from the packaged files, sorted and checked for overlap."""
    found = load_rule_files("tax", _parse_rule_set, TaxTableError)
    if overlap := first_overlap(found):
        raise TaxTableError(f"skatteår overlapper: {overlap[0].year} og {overlap[1].year}")
    return tuple(found)


def tax_years() -> tuple[int, ...]:
    return tuple(r.year for r in all_tax_rules())


def tax_rules_for(when: dt.date | int) -> TaxRules:
    """The parameters of the income year of a date (a year means that year).

    Raises TaxNotCovered (a RatesNotCovered) for a year without tax data.
    """
    year = when if isinstance(when, int) else when.year
    for rules in all_tax_rules():
        if rules.year == year:
            return rules
    years = tax_years()
    span = f"{years[0]}–{years[-1]}" if years else "ingen"
    raise TaxNotCovered(f"ingen skattesatser for indkomståret: skatten kan beregnes for {span}")


_MUNICIPAL_COLUMNS = (
    "year",
    "code",
    "name",
    "kommuneskat_pct",
    "kirkeskat_pct",
    "source",
    "source_url",
    "source_date",
)


@cache
def municipal_rates() -> dict[tuple[int, str], LocalRates]:
    """The municipalities' own rates by (year, code) from ``tax/kommuneskat.csv``."""
    return parse_municipal_rates((_folder() / "kommuneskat.csv").read_text(encoding="utf-8"))


def parse_municipal_rates(text: str) -> dict[tuple[int, str], LocalRates]:
    """The rows of a ``kommuneskat.csv`` text, checked (TaxTableError names line and field)."""
    known = {m.code: m.name for m in municipalities()}
    reader = csv.DictReader(text.splitlines())
    missing = {*_MUNICIPAL_COLUMNS, "verified"} - set(reader.fieldnames or [])
    if missing:
        raise TaxTableError(f"tax/kommuneskat.csv: kolonne mangler: {', '.join(sorted(missing))}")
    found: dict[tuple[int, str], LocalRates] = {}
    for line, row in enumerate(reader, start=2):
        where = f"tax/kommuneskat.csv, linje {line}"
        code = row["code"]
        if code not in known:
            raise TaxTableError(f"{where}, felt code: ikke en af de 98 kommunekoder")
        try:
            year = int(row["year"])
            kommune = float(row["kommuneskat_pct"]) / 100
            # Empty: the kirkeskat of that year was not found (the average is used).
            kirke = float(row["kirkeskat_pct"]) / 100 if row["kirkeskat_pct"] else None
        except ValueError:
            raise TaxTableError(
                f"{where}: year, kommuneskat_pct og kirkeskat_pct skal være tal"
            ) from None
        if not (0 < kommune < 0.4 and (kirke is None or 0 <= kirke < 0.04)):
            raise TaxTableError(f"{where}: en skatteprocent ligger uden for det mulige")
        if not row["source"] or row["verified"] not in ("true", "false"):
            raise TaxTableError(f"{where}: mangler source eller verified (true/false)")
        if not row["source_url"].startswith("https://"):
            raise TaxTableError(f"{where}, felt source_url: skal være en https-adresse")
        try:
            dt.date.fromisoformat(row["source_date"])
        except ValueError:
            raise TaxTableError(
                f"{where}, felt source_date: skal være en dato (ÅÅÅÅ-MM-DD)"
            ) from None
        if (year, code) in found:
            raise TaxTableError(f"{where}: kommunen står to gange for samme år")
        found[year, code] = LocalRates(
            code=code,
            name=known[code],
            year=year,
            kommuneskat=kommune,
            kirkeskat=_church_average(year, where) if kirke is None else kirke,
            own_rate=True,
            own_church_rate=kirke is not None,
            source=row["source"],
            source_url=row["source_url"],
            source_date=row["source_date"],
            verified=row["verified"] == "true",
            note=""
            if kirke is not None
            else (
                f"Data har ingen egen kirkeskatteprocent for {known[code]} i {year}; "
                "landsgennemsnittet for kirkeskat (medlemmer) er brugt."
            ),
        )
    return found


def _church_average(year: int, where: str) -> float:
    """The year's national average kirkeskat, for a row without the municipality's own."""
    try:
        return tax_rules_for(year).kirkeskat_average
    except TaxNotCovered:
        raise TaxTableError(f"{where}: ingen skatteregler for året (kirkeskat mangler)") from None


def local_rates(tax: TaxRules, code: str) -> LocalRates:
    """The municipality's kommuneskat and kirkeskat for the year, or the national average with
    a note when its own rate is not in the data (a row with its own kommuneskat but no
    kirkeskat has the average kirkeskat, ``own_church_rate`` False and a note). Raises
    UnknownMunicipality for a bad code."""
    names = {m.code: m.name for m in municipalities()}
    if not isinstance(code, str) or code not in names:
        raise UnknownMunicipality()
    own = municipal_rates().get((tax.year, code))
    if own is not None:
        return own
    return LocalRates(
        code=code,
        name=names[code],
        year=tax.year,
        kommuneskat=tax.kommuneskat_average,
        kirkeskat=tax.kirkeskat_average,
        own_rate=False,
        own_church_rate=False,
        source=tax.sources["kommuneskat_average"]["source"],
        source_url="",
        source_date="",
        verified=False,
        note=(
            f"Data har ingen egen skatteprocent for {names[code]} i {tax.year}; "
            "landsgennemsnittet for kommuneskat og kirkeskat er brugt."
        ),
    )


@dataclass(frozen=True)
class MonthIncome:
    """One month's income (kr)."""

    wage: float = 0.0  # wage paid out (AM-bidrag liable), before pension
    pension: float = 0.0  # pension contributions on top of the wage (AM-bidrag liable)
    subsidy: float = 0.0  # fleksløntilskud (A-income without AM-bidrag)
    transfer: float = 0.0  # ledighedsydelse and other A-income without AM-bidrag
    atp_ordinary: float = 0.0  # the employee's share of ordinary ATP
    atp_subsidy: float = 0.0  # the 5 % ATP on the subsidy paid by the person

    def __post_init__(self) -> None:
        for part in fields(self):  # not asdict(): it deep-copies, on every hour of the table
            if not math.isfinite(value := getattr(self, part.name)) or value < 0:
                raise ValueError(f"{part.name}: skal være et ikke-negativt tal")


@dataclass(frozen=True)
class NetMonth:
    """A month's net income and every step (kr per month)."""

    gross_paid: float  # wage + subsidy + transfer (before ATP, AM-bidrag and tax)
    atp: float
    am_bidrag: float  # on the paid-out wage only (that on the pension is taken from it)
    personal_income: float
    beskaeftigelsesfradrag: float
    jobfradrag: float
    taxable_income: float
    kommuneskat: float
    kirkeskat: float
    bundskat: float
    state_brackets: dict[str, float]
    personfradrag_unused: float  # tax value not usable against any tax
    income_tax: float  # all income taxes after the personfradrag
    net_income: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def effective_bracket_rates(tax: TaxRules, kommuneskat: float) -> tuple[float, ...]:
    """Each state bracket's rate after the skatteloft: the kommuneskat, bundskat and the brackets
    up to one may together not exceed its skatteloft (kirkeskat and AM-bidrag not counted)."""
    used = kommuneskat + tax.bundskat
    rates = []
    for bracket in tax.brackets:
        rate = max(0.0, min(bracket.rate, bracket.skatteloft - used))
        rates.append(rate)
        used += rate
    return tuple(rates)


def net_month(
    tax: TaxRules, local: LocalRates, church_member: bool, income: MonthIncome
) -> NetMonth:
    """Net income of a month after ATP, AM-bidrag and income tax (see the module's notes)."""
    year = 12
    wage, pension = income.wage * year, income.pension * year
    subsidy, transfer = income.subsidy * year, income.transfer * year
    atp_ordinary = min(income.atp_ordinary * year, wage)
    atp_subsidy = min(income.atp_subsidy * year, subsidy)
    am_wage = tax.am_bidrag * (wage - atp_ordinary)
    am_pension = tax.am_bidrag * pension
    personal = (wage - atp_ordinary - am_wage) + (subsidy - atp_subsidy) + transfer
    work_income = wage + pension - atp_ordinary  # arbejdsindkomst (AM-bidrag liable)
    besk = min(tax.beskaeftigelsesfradrag_pct * work_income, tax.beskaeftigelsesfradrag_max)
    job = min(
        tax.jobfradrag_pct * max(work_income - tax.jobfradrag_threshold, 0.0), tax.jobfradrag_max
    )
    taxable = personal - besk - job
    kirke_rate = local.kirkeskat if church_member else 0.0
    bracket_base = personal + pension - am_pension
    pf = tax.personfradrag
    # Each tax with the tax value of the personfradrag at its own rate; an unused value is set
    # off against the other taxes (personskatteloven § 10), whatever remains is lost.
    parts = {
        "kommuneskat": local.kommuneskat * (max(taxable, 0.0) - pf),
        "kirkeskat": kirke_rate * (max(taxable, 0.0) - pf),
        "bundskat": tax.bundskat * (max(personal, 0.0) - pf),
    }
    brackets = {
        b.name: rate * max(bracket_base - b.threshold, 0.0)
        for b, rate in zip(
            tax.brackets, effective_bracket_rates(tax, local.kommuneskat), strict=True
        )
    }
    unused = sum(-v for v in parts.values() if v < 0)
    taxes = {k: max(v, 0.0) for k, v in parts.items()} | brackets
    for key in ("bundskat", *brackets, "kommuneskat", "kirkeskat"):
        offset = min(unused, taxes[key])
        taxes[key] -= offset
        unused -= offset
    total_tax = sum(taxes.values())
    net = wage - atp_ordinary - am_wage + subsidy - atp_subsidy + transfer - total_tax
    return NetMonth(
        gross_paid=(wage + subsidy + transfer) / year,
        atp=(atp_ordinary + atp_subsidy) / year,
        am_bidrag=am_wage / year,
        personal_income=personal / year,
        beskaeftigelsesfradrag=besk / year,
        jobfradrag=job / year,
        taxable_income=taxable / year,
        kommuneskat=taxes["kommuneskat"] / year,
        kirkeskat=taxes["kirkeskat"] / year,
        bundskat=taxes["bundskat"] / year,
        state_brackets={k: taxes[k] / year for k in brackets},
        personfradrag_unused=unused / year,
        income_tax=total_tax / year,
        net_income=net / year,
    )


def add_net_income(
    rules: RuleSet,
    year: int,
    rows: list[dict[str, Any]],
    hourly_wage: float,
    pension_pct: float,
    municipality: str,
    church_member: bool,
) -> dict[str, Any]:
    """Add the net figures to each row of the hours table (in place) and return what they rest
    on: the year's parameters, the municipality's rates, the full ledighedsydelse after tax and
    the model notes.

    Row fields added (kr per month): ``atp`` (the employee's ordinary ATP and 5 % of the subsidy,
    at most ``atp_extra_max``), ``am_bidrag``, ``income_tax``, ``net_income``,
    ``marginal_net_gain`` (net(h) − net(h − 1), None in the first row),
    ``effective_marginal_rate`` (the share of one more weekly hour's wage before pension,
    H × 52/12, that is not kept: 1 − marginal_net_gain / (H × 52/12); None in the first row) and
    ``net_gain_vs_ledighedsydelse``.
    """
    tax = tax_rules_for(year)
    local = local_rates(tax, municipality)
    weeks = 52 / 12
    hour_pay = hourly_wage * weeks
    benefit = rules.ledighedsydelse_high
    on_benefit = net_month(tax, local, church_member, MonthIncome(transfer=benefit))
    before: float | None = None
    for row in rows:
        hours = row["hours_per_week"]
        subsidy = row["subsidy"]
        month = net_month(
            tax,
            local,
            church_member,
            MonthIncome(
                wage=hour_pay * hours,
                pension=hour_pay * hours * pension_pct / 100,
                subsidy=subsidy,
                atp_ordinary=tax.atp_employee(hours * weeks),
                atp_subsidy=min(rules.atp_extra_pct * subsidy, rules.atp_extra_max),
            ),
        )
        gain = None if before is None else month.net_income - before
        row.update(
            atp=round(month.atp, 2),
            am_bidrag=round(month.am_bidrag, 2),
            income_tax=round(month.income_tax, 2),
            net_income=round(month.net_income, 2),
            marginal_net_gain=None if gain is None else round(gain, 2),
            effective_marginal_rate=None if gain is None else round(1 - gain / hour_pay, 4),
            net_gain_vs_ledighedsydelse=round(month.net_income - on_benefit.net_income, 2),
        )
        before = month.net_income
    return {
        "year": tax.year,
        "municipality": local.as_dict(),
        "church_member": church_member,
        "ledighedsydelse": {
            "gross": round(benefit, 2),
            "income_tax": round(on_benefit.income_tax, 2),
            "net_income": round(on_benefit.net_income, 2),
            "note": LEDIGHEDSYDELSE_NOTE,
        },
        "notes": [*([local.note] if local.note else []), *MODEL_NOTES],
    }


def tax_rates(when: dt.date | int, municipality: str | None = None) -> dict[str, Any]:
    """Every tax parameter of the income year with its source (for ``calc tax-rates``): the
    national figures, the municipalities that have their own rate in the data, the rates used
    for ``municipality`` (if given) and the model's notes."""
    tax = tax_rules_for(when)
    own = sorted(
        (local for (year, _), local in municipal_rates().items() if year == tax.year),
        key=lambda local: local.code,
    )
    return {
        "year": tax.year,
        **tax.as_dict(),
        "municipal_rates": [local.as_dict() for local in own],
        "municipality": None if municipality is None else local_rates(tax, municipality).as_dict(),
        "model_notes": list(MODEL_NOTES),
    }
