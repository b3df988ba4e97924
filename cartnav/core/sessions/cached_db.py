"""Django's cached database sessions (Redis first, the database behind), the database read by a
prepared query (see the package docstring)."""

from django.contrib.sessions.backends import cached_db

from cartnav.core.sessions import PreparedRead


class SessionStore(PreparedRead, cached_db.SessionStore):
    pass
