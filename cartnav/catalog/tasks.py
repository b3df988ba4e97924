"""Background jobs of the catalog: the nightly ClinicalTrials.gov sync, where it is switched on.

The task is always registered (the worker finds it), but it does nothing unless the deployment
sets ``CARTNAV_CTGOV_SYNC_NIGHTLY=1``: the default machine has no internet. It runs at 19:17 UTC
(03:17 in Shanghai; Huey's schedule is in UTC), the same sync as ``cartnav sync-trials``, since
the last successful one. Stored screening results are then recomputed by
``cartnav.screening.tasks.recompute_stale_periodically``, as after any catalog change.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cartnav.catalog import ctgov_sync

log = logging.getLogger(__name__)


def nightly_sync() -> dict[str, Any] | None:
    """The job's body: None when switched off, else what the sync did (failures are logged)."""
    if not settings.CTGOV_SYNC_NIGHTLY:
        return None
    report = ctgov_sync.SyncReport()
    try:
        ctgov_sync.sync(report=report)
    except ctgov_sync.SyncError as exc:
        log.error(
            "nightly ClinicalTrials.gov sync failed after %d pages (%s): %s",
            report.pages,
            report.counts(),
            exc,
        )
        return report.to_dict() | {"error": str(exc)}
    for error in report.refused:
        log.warning("nightly ClinicalTrials.gov sync refused %s", error)
    log.info(
        "nightly ClinicalTrials.gov sync: %d studies in %d pages, %s",
        report.studies,
        report.pages,
        report.counts(),
    )
    return report.to_dict()


@db_periodic_task(crontab(hour="19", minute="17"))
def sync_trials_nightly() -> dict[str, Any] | None:
    return nightly_sync()
