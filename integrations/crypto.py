"""Encryption of Intacct passwords at rest (Fernet, keys from settings)."""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from integrations.intacct.secret import Secret

__all__ = ["CredentialDecryptionError", "Secret", "decrypt", "encrypt"]


class CredentialDecryptionError(Exception):
    """A stored credential cannot be decrypted with the configured keys."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.CREDENTIALS_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    """Encrypt ``plaintext`` with the primary key; the empty string stays empty."""
    if not plaintext:
        return ""
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a stored token with any configured key."""
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise CredentialDecryptionError(
            "A stored Intacct password cannot be decrypted with CREDENTIALS_ENCRYPTION_KEY; "
            "re-enter it in the connection settings."
        ) from exc
