"""Accounts: who signs in, with which role, for which hospitals, in which language."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartnav.accounts.roles import PATIENT_SIDE_ROLES, SECOND_FACTOR_ROLES, STAFF_ROLES, Role
from cartnav.core.choices import choice_display


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
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
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


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "cn_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=_hash_token(raw))
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(digest=_hash_token(raw), revoked__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user
