"""The jobs that tell people: e-mail digests every ten minutes, tomorrow's reminders daily."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cartnav.notifications import services


@db_periodic_task(crontab(minute="*/10"))
def send_digests() -> int:
    return services.send_digests()


@db_periodic_task(crontab(hour="18", minute="5"))
def remind_tomorrow() -> int:
    """At 18:05 in the hospitals' zone: the evening before."""
    return services.remind_tomorrow()
