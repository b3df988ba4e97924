"""Django's database sessions, read by a prepared query (see the package docstring)."""

from django.contrib.sessions.backends import db

from cartnav.core.sessions import PreparedRead


class SessionStore(PreparedRead, db.SessionStore):
    pass
