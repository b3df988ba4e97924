"""Accounts: who signs in, with which role, for which hospitals, in which language."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartnav.accounts.roles import PATIENT_SIDE_ROLES, SECOND_FACTOR_ROLES, STAFF_ROLES, Role
from cartnav.core.choices import choice_display
from cartnav.core.validators import validate_time_zone


class User(AbstractUser):
    """A person who signs in. ``role`` decides what the access module lets them see."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PATIENT)
    get_role_display = choice_display("role", Role)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        choices=[("en", "English"), ("zh-hans", "简体中文")],
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    hospitals = models.ManyToManyField(
        "catalog.Hospital", through="Membership", related_name="staff", blank=True
    )

    @property
    def is_hospital_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_patient_side(self) -> bool:
        return self.role in PATIENT_SIDE_ROLES

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    @property
    def is_cartnav_admin(self) -> bool:
        return self.role == Role.ADMIN


class Membership(models.Model):
    """A member of staff belongs to one or more hospitals."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    hospital = models.ForeignKey(
        "catalog.Hospital", on_delete=models.CASCADE, related_name="memberships"
    )
    since = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "hospital"], name="one_membership_per_hospital")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.hospital}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


#: How long a new token lives, in days: the choices offered, and the default.
TOKEN_LIFETIMES = (30, 90, 365)
DEFAULT_TOKEN_DAYS = 90


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the raw token is shown once.

    A token expires, has a scope (read only, or read and write) and, once revoked, stays listed
    with the time it was revoked. A token of a person who must pass a second factor is valid only
    if it was issued from a session that had passed it (``issued_verified``): a password alone
    must never be enough to mint a credential that skips the second factor.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    get_scope_display = choice_display("scope", TokenScope)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True)
    issued_verified = models.BooleanField(default=False)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked is None and not self.is_expired

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    @classmethod
    def issue(
        cls,
        user: User,
        name: str,
        *,
        scope: str = TokenScope.READ,
        days: int = DEFAULT_TOKEN_DAYS,
        verified: bool,
    ) -> tuple[ApiToken, str]:
        """Make a token. ``verified`` says whether the session issuing it passed the second
        factor; the caller must say it, so no code path can forget the question."""
        if scope not in TokenScope.values:
            raise ValueError(f"unknown token scope {scope!r}")
        raw = "cn_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:8],
            digest=_hash_token(raw),
            scope=scope,
            expires=timezone.now() + dt.timedelta(days=days),
            issued_verified=verified,
        )
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        """The live token for this raw value, or None (unknown, revoked, expired, or made
        before its owner's second factor)."""
        token = (
            cls.objects.select_related("user")
            .filter(digest=_hash_token(raw), revoked__isnull=True, user__is_active=True)
            .filter(models.Q(expires__isnull=True) | models.Q(expires__gt=timezone.now()))
            .first()
        )
        if token is None or (token.user.needs_second_factor and not token.issued_verified):
            return None
        return token

    def touch(self) -> None:
        """Record a use, at most once a minute (a script may call many times a second)."""
        now = timezone.now()
        if self.last_used is None or now - self.last_used >= dt.timedelta(minutes=1):
            type(self).objects.filter(pk=self.pk).update(last_used=now)
            self.last_used = now
