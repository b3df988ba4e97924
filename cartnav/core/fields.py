"""An encrypted text field for identifiers such as passport numbers.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under the keys
in ``settings.FIELD_ENCRYPTION_KEYS``; the first key encrypts, all of them decrypt, so keys can be
rotated by putting a new one first. The database only ever holds ciphertext, so a copy of the
database alone does not reveal a passport number. Encrypted values cannot be searched or sorted.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"CARTNAV_FIELD_KEYS holds an invalid Fernet key: {exc}"
        ) from exc


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


class EncryptedTextField(models.TextField):
    """Stores ``str`` values encrypted; reads give back the plain text."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return cipher().encrypt(str(value).encode()).decode()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        try:
            return cipher().decrypt(value.encode()).decode()
        except InvalidToken as exc:
            raise ImproperlyConfigured(
                "An encrypted field could not be decrypted: CARTNAV_FIELD_KEYS does not hold "
                "the key it was written with."
            ) from exc
