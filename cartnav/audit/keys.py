"""The secret that keys the audit chain, kept outside the database.

A plain hash chain stops nobody who can write to the database: they edit a record and recompute
every digest after it. Each record's digest is therefore an HMAC-SHA256 under a key the database
never holds (``CARTNAV_AUDIT_KEYS``); without the key, no edited or re-chained record verifies.
Each record names its key's id, so keys can be rotated: the first key signs new records, and
every key still listed verifies the records it signed. Records written before keys existed have
no key id and a plain SHA-256 digest; ``verify`` accepts them only before the first keyed record.

Format: ``CARTNAV_AUDIT_KEYS="2026b:<secret>,2026a:<older secret>"`` — id, colon, secret (at
least 32 characters), newest first. The embedded default generates one into ``var/audit.key``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET = 32


@dataclass(frozen=True)
class AuditKeys:
    current_id: str
    secrets: dict[str, bytes]

    def sign(self, key_id: str, data: bytes) -> str:
        return hmac.new(self.secrets[key_id], data, hashlib.sha256).hexdigest()


def parse(spec: str) -> AuditKeys:
    """``id:secret,id:secret`` → the keys, or ImproperlyConfigured saying what is wrong."""
    secrets: dict[str, bytes] = {}
    order: list[str] = []
    for item in (part.strip() for part in spec.split(",")):
        key_id, sep, secret = item.partition(":")
        if not sep or not key_id or not secret:
            raise ImproperlyConfigured("CARTNAV_AUDIT_KEYS: write each key as id:secret")
        if len(secret) < MIN_SECRET:
            raise ImproperlyConfigured(
                f"CARTNAV_AUDIT_KEYS: the secret of key {key_id!r} is shorter than {MIN_SECRET} "
                "characters"
            )
        if len(key_id) > 16 or key_id in secrets:
            raise ImproperlyConfigured(
                f"CARTNAV_AUDIT_KEYS: key id {key_id!r} is repeated or longer than 16 characters"
            )
        secrets[key_id] = secret.encode()
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("CARTNAV_AUDIT_KEYS is empty")
    return AuditKeys(order[0], secrets)


@lru_cache(maxsize=4)
def _keys(spec: str) -> AuditKeys:
    return parse(spec)


def keys() -> AuditKeys:
    return _keys(settings.AUDIT_KEYS)
