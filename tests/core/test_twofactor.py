"""The FLEKSJOB_REQUIRE_2FA policy string."""

import pytest

from fleksjob.core.twofactor import parse_required_roles

ROLES = ("caseworker", "consultant", "manager", "national", "admin")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", set()),
        ("  ", set()),
        ("all", set(ROLES)),
        ("ALL", set(ROLES)),
        ("caseworker", {"caseworker"}),
        ("caseworker, Manager,", {"caseworker", "manager"}),
    ],
)
def test_required_roles(value, expected):
    assert parse_required_roles(value, ROLES) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("casewroker", "unknown role 'casewroker'"),
        ("admin,boss", "unknown role 'boss'"),
        ("all,admin", "'all' cannot be combined"),
    ],
)
def test_a_typo_is_an_error_naming_it(value, message):
    with pytest.raises(ValueError, match=message):
        parse_required_roles(value, ROLES)
