"""cartnav's SQLite database backend: Django's, with writers queued on an OS lock.

Use ``ENGINE = "cartnav.core.sqlite"`` (the settings do, for the embedded SQLite database).
"""
