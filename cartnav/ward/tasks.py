"""The ward's job: every minute, pass each alert nobody acknowledged in time to the next person
on the rota (``services.escalate``)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cartnav.ward import services


@db_periodic_task(crontab(minute="*"))
def escalate_alerts() -> int:
    return services.escalate()
