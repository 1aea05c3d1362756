import datetime as dt

import pytest

from fleksjob.core.rules import cpr

# Century rule as published by CPR-kontoret (digit 7 of the number vs. the two-digit year).
CENTURY_TABLE = [
    ("0101374000", dt.date(1937, 1, 1)),  # 4 and year >= 37 -> 1900s
    ("0101364000", dt.date(2036, 1, 1)),  # 4 and year <= 36 -> 2000s
    ("0101579000", dt.date(1957, 1, 1)),  # 9 and year >= 37 -> 1900s
    ("0101575000", dt.date(2057, 1, 1)),  # 5-8 and year <= 57 -> 2000s
    ("0101588000", dt.date(1858, 1, 1)),  # 5-8 and year >= 58 -> 1800s
    ("3112993999", dt.date(1999, 12, 31)),  # 0-3 -> 1900s
]


@pytest.mark.parametrize(("digits", "birth"), CENTURY_TABLE)
def test_century_rule(digits, birth):
    assert cpr.parse(digits).birth_date == birth


def test_formats_and_sex():
    assert cpr.parse("010203-1235").sex == "M"
    assert cpr.parse(" 0102031234 ").sex == "F"
    assert str(cpr.parse("0102031234")) == "010203-1234"


@pytest.mark.parametrize(
    "bad", ["", "12345", "0102031234x", "3102031234", "2902011234", "abcdefghij"]
)
def test_invalid_numbers_are_rejected_without_echo(bad):
    with pytest.raises(cpr.InvalidCPR) as exc:
        cpr.parse(bad)
    if bad:
        assert bad not in str(exc.value)


def test_leap_day_is_valid_in_leap_years_only():
    with pytest.raises(cpr.InvalidCPR):
        cpr.parse("2902001234")  # digit 1 -> 1900, which was not a leap year
    assert cpr.parse("290296-1234").birth_date == dt.date(1996, 2, 29)
    with pytest.raises(cpr.InvalidCPR):
        cpr.parse("290297-1234")


@pytest.mark.parametrize("sex", ["F", "M"])
@pytest.mark.parametrize(
    "birth", [dt.date(1940, 5, 17), dt.date(1963, 12, 31), dt.date(2001, 7, 1)]
)
def test_build_roundtrips(birth, sex):
    for serial in (0, 1, 250, 499):
        parsed = cpr.parse(cpr.build(birth, serial, sex, choice=serial))
        assert parsed.birth_date == birth
        assert parsed.sex == sex


def test_build_gives_distinct_numbers_per_serial():
    numbers = {cpr.build(dt.date(1970, 1, 1), s, "F") for s in range(500)}
    assert len(numbers) == 500


def test_replacement_numbers_add_60_to_the_day():
    parsed = cpr.parse("610170-1234")
    assert parsed.replacement
    assert parsed.birth_date == dt.date(1970, 1, 1)
    assert not cpr.parse("010170-1234").replacement
    assert cpr.reason("921270-1234") is not None  # day 32 + 60


def test_modulus_11_is_not_required():
    digits = "0102031234"
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    assert sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 != 0
    assert cpr.is_valid(digits)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("", "mangler"),
        ("12345", "10 cifre"),
        ("0102031234x", "kun indeholde cifre"),
        ("01020-31234", "bindestregen"),
        ("0113031234", "måneden"),
        ("3104031234", "dagen findes ikke"),
        ("2902001234", "gyldig fødselsdato"),
        ("0001031234", "gyldig fødselsdato"),
    ],
)
def test_every_rejection_has_a_reason_that_does_not_repeat_the_number(bad, words):
    why = cpr.reason(bad)
    assert why is not None and words in why
    digits = bad.replace("-", "")
    for part in (digits, digits[:6], digits[6:]):
        if len(part) >= 4:
            assert part not in why
