import pytest

from fleksjob.core.rules import cvr

# Published CVR numbers of large Danish companies (virk.dk): Novo Nordisk A/S, Danske Bank A/S.
KNOWN_VALID = ["24256790", "61126228"]


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_numbers_are_valid(number):
    assert cvr.is_valid(number)
    assert cvr.normalise(f"DK {number[:4]} {number[4:]}") == number


@pytest.mark.parametrize("number", ["24256791", "1234567", "012345678", "0256790x", ""])
def test_invalid_numbers(number):
    assert not cvr.is_valid(number)
    with pytest.raises(cvr.InvalidCVR):
        cvr.normalise(number)


def test_complete_finds_the_check_digit():
    assert cvr.complete("2425679") == "24256790"
    completed = [cvr.complete(f"{n:07d}") for n in range(3000000, 3000100)]
    assert all(cvr.is_valid(c) for c in completed if c is not None)
    assert sum(c is None for c in completed) < 20  # one residue in eleven has no check digit
