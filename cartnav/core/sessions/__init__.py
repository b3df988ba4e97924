"""Session engines: Django's database and cached-database sessions, reading the session row by a
query compiled once (``core.prepared``) — every signed-in request reads it. Set as
``SESSION_ENGINE`` = ``cartnav.core.sessions.db`` or ``cartnav.core.sessions.cached_db``."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.utils import timezone

from cartnav.core.prepared import Prepared

_LIVE = Prepared(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
    Session._meta.get_field("session_key"),
    Session._meta.get_field("expire_date"),
)


class PreparedRead:
    """Mixed into a database-backed ``SessionStore``: the same row, the same refusals."""

    session_key: str | None
    _session_key: str | None

    def _get_session_from_db(self) -> Any:
        row = _LIVE.first(self.session_key, timezone.now()) if self.session_key else None
        if row is None:
            self._session_key = None
        return row
