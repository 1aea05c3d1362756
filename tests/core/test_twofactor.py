"""The FLEKSJOB_REQUIRE_2FA policy string."""

import pytest

from fleksjob.core.twofactor import DEFAULT_MFA_AMR, asserts_mfa, parse_required_roles

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


@pytest.mark.parametrize(
    ("amr", "expected"),
    [
        (["pwd", "mfa"], True),  # Entra ID's multi-factor login
        (["MFA"], True),
        ("mfa", True),  # a lone string, leniently
        (["pwd"], False),
        (["otp"], False),  # one method, not several (RFC 8176)
        (["hwk"], False),
        ([], False),
        (None, False),
        ({"mfa": True}, False),  # not a list: asserts nothing
        ([["mfa"]], False),
    ],
)
def test_the_id_token_asserts_multi_factor_only_by_an_accepted_method(amr, expected):
    assert asserts_mfa(amr, DEFAULT_MFA_AMR) is expected


def test_accepted_methods_are_configurable():
    assert asserts_mfa(["pwd", "otp"], ["mfa", "otp"])
    assert not asserts_mfa(["pwd", "otp"], [])
