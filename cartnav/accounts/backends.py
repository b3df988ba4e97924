"""Signing in with a password, and loading the signed-in person on every request.

Django's ``ModelBackend`` with one change: the person behind a session is loaded by a query
compiled once (``core.prepared``), since every signed-in request loads them (docs/performance.md).
Passwords, permissions and who may sign in are Django's own rules, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from cartnav.accounts.models import User
from cartnav.core.prepared import Prepared

_BY_ID = Prepared(lambda pk: User._default_manager.filter(pk=pk), User._meta.pk)


class CartnavBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            user = _BY_ID.first(user_id)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
