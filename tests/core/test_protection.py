import pytest
from cryptography.fernet import Fernet

from fleksjob.core.protection import Protector, new_field_key

HASH_KEY = "h" * 40


def test_roundtrip_and_ciphertext_hides_the_value():
    p = Protector([new_field_key()], HASH_KEY)
    token = p.encrypt("0102031234")
    assert "0102031234" not in token
    assert p.decrypt(token) == "0102031234"
    assert p.encrypt("0102031234") != token  # random IV: equal values do not look equal


def test_key_rotation():
    old, new = new_field_key(), new_field_key()
    before = Protector([old], HASH_KEY).encrypt("0102031234")
    rotating = Protector([new, old], HASH_KEY)
    assert rotating.decrypt(before) == "0102031234"
    rotated = rotating.rotate(before)
    assert Protector([new], HASH_KEY).decrypt(rotated) == "0102031234"
    with pytest.raises(ValueError, match="cannot be decrypted"):
        Protector([new], HASH_KEY).decrypt(before)
    # The new key really encrypts: Fernet with only the new key reads the rotated token.
    assert Fernet(new.encode()).decrypt(rotated.encode()) == b"0102031234"


def test_lookup_hash_is_keyed_and_stable():
    a = Protector([new_field_key()], HASH_KEY)
    b = Protector([new_field_key()], HASH_KEY)
    c = Protector([new_field_key()], "k" * 40)
    assert a.lookup_hash("0102031234") == b.lookup_hash("0102031234")
    assert a.lookup_hash("0102031234") != c.lookup_hash("0102031234")
    assert len(a.lookup_hash("0102031234")) == 64


def test_weak_configuration_is_refused():
    with pytest.raises(ValueError):
        Protector([], HASH_KEY)
    with pytest.raises(ValueError):
        Protector([new_field_key()], "short")
