"""Protection of personal identifiers at rest: encryption with key rotation and a keyed hash.

Encryption uses Fernet (AES-128-CBC + HMAC-SHA256) through MultiFernet: the first key encrypts, all
keys decrypt, so keys can be rotated by putting a new key first and re-encrypting. The keyed hash
(HMAC-SHA256) lets an exact CPR be looked up without decrypting every row.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class Protector:
    def __init__(self, field_keys: Sequence[str], hash_key: str) -> None:
        if not field_keys:
            raise ValueError("at least one field encryption key is required")
        if len(hash_key) < 32:
            raise ValueError("the hash key must be at least 32 characters")
        self._fernet = MultiFernet([Fernet(k.encode()) for k in field_keys])
        self._hash_key = hash_key.encode()

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise ValueError("the value cannot be decrypted with the configured keys") from None

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise ValueError("the data cannot be decrypted with the configured keys") from None

    def rotate(self, token: str) -> str:
        """Re-encrypt under the newest key (for key rotation)."""
        return self._fernet.rotate(token.encode()).decode()

    def lookup_hash(self, normalised: str) -> str:
        return hmac.new(self._hash_key, normalised.encode(), hashlib.sha256).hexdigest()


def new_field_key() -> str:
    return Fernet.generate_key().decode()
