"""Background jobs: keep every stored screening result current after catalog changes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cartnav.screening import services


@db_task()
def recompute_stale_results() -> int:
    return services.recompute_stale()


@db_periodic_task(crontab(minute="*/15"))
def recompute_stale_periodically() -> int:
    return services.recompute_stale()
