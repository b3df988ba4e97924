"""The audit trail: one append-only record per read or change of a person's health data.

Records form a keyed hash chain: each record's ``digest`` is HMAC-SHA256, under a key kept
outside the database (``audit.keys``), over its own fields and the previous record's digest.
Changing or deleting any record breaks every digest after it, and without the key nobody can
compute new ones; signed checkpoints of the head outside the database (``audit.checkpoints``)
reveal a cut-off tail. ``cartnav audit verify`` checks all of it. ``AuditHead`` holds the newest
digest; appending locks it, so two requests can never both chain onto the same predecessor.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.db import models

GENESIS = "0" * 64


class AuditRecord(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    user_id_value = models.BigIntegerField(null=True, db_column="user_id")
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    patient_id = models.CharField(max_length=64, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    prev_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    key_id = models.CharField(
        max_length=16, blank=True, help_text="The audit key that signed it; blank: a plain hash."
    )

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def canonical(self) -> bytes:
        """The bytes the digest covers: every field but the digest, in a fixed order."""
        fields = {
            "seq": self.seq,
            "at": self.at.isoformat(timespec="microseconds"),
            "user_id": self.user_id_value,
            "username": self.username,
            "role": self.role,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "patient_id": self.patient_id,
            "detail": self.detail,
            "ip": self.ip,
            "path": self.path,
            "prev": self.prev_digest,
            **({"key": self.key_id} if self.key_id else {}),
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()

    def compute_digest(self, secret: bytes | None = None) -> str:
        """HMAC-SHA256 under ``secret`` (the key named by ``key_id``); a plain SHA-256 for the
        records written before the chain was keyed."""
        if self.key_id:
            if secret is None:
                raise ValueError(f"record {self.seq} needs audit key {self.key_id!r}")
            return hmac.new(secret, self.canonical(), hashlib.sha256).hexdigest()
        return hashlib.sha256(self.canonical()).hexdigest()


class AuditHead(models.Model):
    """A single row holding the chain's newest sequence number and digest."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
