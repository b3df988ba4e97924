"""Keeping the trial catalog current from the ClinicalTrials.gov API v2 (``cartnav sync-trials``).

What is asked for: ``GET {CTGOV_API_URL}?query.term={CTGOV_QUERY}&fields=protocolSection&
pageSize=1000`` — every study the search finds, with the one section the importer reads — and
the next page with ``pageToken`` for as long as a page names a ``nextPageToken``. With a date,
only the studies updated on or after it:
``filter.advanced=AREA[LastUpdatePostDate]RANGE[YYYY-MM-DD,MAX]``.

How it is asked: with the standard library (``urllib.request``), a User-Agent naming cartnav, a
timeout per request, at most ``CTGOV_RATE`` requests per second, and retries with exponential
back-off on connection errors, timeouts, HTTP 429 and 5xx (a ``Retry-After`` is honoured, up
to ``CTGOV_RETRY_AFTER_MAX_SECONDS``). Anything else — a refused request, a bad URL, retries
used up — is a :class:`SyncError` with a one-line message.

What is done with a page: its studies go through the importer of ``cartnav import-trials``
(:func:`cartnav.eligibility.ctgov.parse_study`, :func:`cartnav.catalog.services.import_records`).
A study that does not parse is reported by NCT number with the reason and skipped; every other
study is saved and committed on its own (``services.save_trial``), moving the catalog version. A
run that stops halfway therefore keeps everything it imported.

The marker: after a run that fetched every page, ``CTGOV_SYNC_STATE`` (a small JSON file, by
default ``var/ctgov-sync.json``) records when that run started. The next run without a date asks
for the studies updated since the day before that (the registry dates updates by its own, US
Eastern, day; re-importing an unchanged study changes nothing). No marker, or one written for
another query, means a full sync. A run that fails or is interrupted leaves the marker alone.
"""

from __future__ import annotations

import contextlib
import email.utils
import fcntl
import gzip
import http.client
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings

from cartnav.catalog import services
from cartnav.eligibility.ctgov import StudyFormatError, TrialRecord, parse_study

log = logging.getLogger(__name__)

#: The largest page the API serves.
MAX_PAGE_SIZE = 1000
#: How far before the last successful sync's start the next one looks (see the module text).
OVERLAP = timedelta(days=1)

_sleep = time.sleep  # one name for every wait, so a test can watch them

#: Failures worth another try: the connection (refused, reset, DNS), a timeout, a cut-off body.
_TRANSIENT = (urllib.error.URLError, OSError, http.client.HTTPException, EOFError, zlib.error)


class SyncError(Exception):
    """The sync could not go on; the message is one line, for a person."""


def _user_agent() -> str:
    try:
        version = metadata.version("cartnav")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"cartnav/{version} (CAR-T trial catalog sync; Python urllib)"


@dataclass(frozen=True)
class Config:
    url: str
    query: str
    page_size: int
    rate: float  # requests per second, at most
    timeout: float  # seconds, per request
    retries: int  # after the first try
    backoff: float  # seconds before the first retry, doubled for each next one
    backoff_max: float
    retry_after_max: float
    state: Path
    user_agent: str

    @classmethod
    def from_settings(cls, **overrides: Any) -> Config:
        """The settings, with any override that is not None."""
        values: dict[str, Any] = {
            "url": settings.CTGOV_API_URL,
            "query": settings.CTGOV_QUERY,
            "page_size": settings.CTGOV_PAGE_SIZE,
            "rate": settings.CTGOV_RATE,
            "timeout": settings.CTGOV_TIMEOUT,
            "retries": settings.CTGOV_RETRIES,
            "backoff": settings.CTGOV_BACKOFF_SECONDS,
            "backoff_max": settings.CTGOV_BACKOFF_MAX_SECONDS,
            "retry_after_max": settings.CTGOV_RETRY_AFTER_MAX_SECONDS,
            "state": Path(settings.CTGOV_SYNC_STATE),
            "user_agent": _user_agent(),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(**values)
        config.check()
        return config

    def check(self) -> None:
        try:
            parts = urllib.parse.urlsplit(self.url)
        except ValueError as exc:
            raise SyncError(f"CTGOV_API_URL {self.url!r} is not a URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SyncError(f"CTGOV_API_URL {self.url!r} is not an http(s) URL")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise SyncError(f"the page size must be 1 to {MAX_PAGE_SIZE}, not {self.page_size}")
        if not self.rate > 0:
            raise SyncError(f"the rate must be above 0 requests per second, not {self.rate}")
        if not self.timeout > 0:
            raise SyncError(f"the timeout must be above 0 seconds, not {self.timeout}")
        if self.retries < 0:
            raise SyncError(f"the number of retries cannot be negative ({self.retries})")
        if not self.query.strip():
            raise SyncError("the query is empty")


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds: a number of seconds or an HTTP date; None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return str(exc.reason)
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__


class Client:
    """GET pages of studies from the API: polite, patient, and clear when it gives up."""

    def __init__(self, config: Config, on_retry: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.on_retry = on_retry or (lambda line: log.warning("ClinicalTrials.gov: %s", line))
        self.requests = 0
        self._not_before = 0.0

    def page(self, params: dict[str, str]) -> dict[str, Any]:
        query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        body = self._get(f"{self.config.url}?{query}")
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SyncError(
                f"{self.config.url} answered with something that is not JSON ({exc})"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("studies"), list):
            raise SyncError(f"{self.config.url} answered with JSON that is not a page of studies")
        return data

    def _throttle(self) -> None:
        now = time.monotonic()
        if now < self._not_before:
            _sleep(self._not_before - now)
            now = self._not_before
        self._not_before = now + 1 / self.config.rate

    def _open(self, url: str) -> bytes:
        request = urllib.request.Request(  # noqa: S310 — Config.check allows http(s) only
            url,
            headers={
                "User-Agent": self.config.user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
            },
        )
        self.requests += 1
        with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
            body: bytes = response.read()
            if response.headers.get("Content-Encoding", "").lower() == "gzip":
                body = gzip.decompress(body)
        return body

    def _get(self, url: str) -> bytes:
        attempts = self.config.retries + 1
        problem = ""
        for attempt in range(1, attempts + 1):
            self._throttle()
            asked: float | None = None
            try:
                return self._open(url)
            except urllib.error.HTTPError as exc:
                detail = ""
                with contextlib.suppress(Exception):
                    detail = exc.read(300).decode("utf-8", "replace").strip()
                    detail = " ".join(detail.split())
                exc.close()
                if exc.code != 429 and exc.code < 500:
                    raise SyncError(
                        f"{self.config.url} refused the request: HTTP {exc.code} {exc.reason}"
                        + (f" ({detail})" if detail else "")
                    ) from None
                problem = f"HTTP {exc.code} {exc.reason}"
                asked = _retry_after(exc.headers.get("Retry-After"))
            except _TRANSIENT as exc:
                problem = _reason(exc)
            if attempt == attempts:
                break
            if asked is not None:
                wait = min(asked, self.config.retry_after_max)
            else:
                wait = min(self.config.backoff * 2 ** (attempt - 1), self.config.backoff_max)
            self.on_retry(f"{problem}; try {attempt + 1} of {attempts} in {wait:.3g} s")
            _sleep(wait)
        raise SyncError(
            f"no answer from {self.config.url}: {problem} "
            f"(gave up after {attempts} {'try' if attempts == 1 else 'tries'})"
        )


@dataclass
class SyncReport:
    """What a run did so far: the command prints it, also when the run stopped halfway."""

    since: date | None = None
    pages: int = 0
    studies: int = 0
    total: int | None = None  # as the API counted them on the first page
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    complete: bool = False
    marker_moved: bool = False
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    version: int = 0

    def counts(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.refused)} refused"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "pages": self.pages,
            "studies": self.studies,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "notes": self.notes,
            "complete": self.complete,
            "marker_moved": self.marker_moved,
            "catalog_version": self.version,
        }


# --- the marker -------------------------------------------------------------------------------


def read_marker(path: Path) -> dict[str, Any] | None:
    """The last successful sync as recorded; None when there is none, {} when it is unreadable."""
    try:
        data = json.loads(path.read_text())
        datetime.fromisoformat(data["last_success"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ClinicalTrials.gov sync marker %s is unreadable (%s): ignored", path, exc)
        return {}
    return data


def since_marker(marker: dict[str, Any] | None) -> date | None:
    """The date a run without ``--since`` asks from: the marker's day, less the overlap."""
    if not marker:
        return None
    return (datetime.fromisoformat(marker["last_success"]).astimezone(UTC) - OVERLAP).date()


def _write_marker(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(data, indent=1) + "\n")
    os.replace(part, path)


@contextlib.contextmanager
def _one_sync_at_a_time(state: Path) -> Iterator[None]:
    """A lock file beside the marker: the nightly job and a person cannot sync at once."""
    state.parent.mkdir(parents=True, exist_ok=True)
    lock = state.with_name(state.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError(f"another trial sync is running (it holds {lock})") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


# --- the run ----------------------------------------------------------------------------------


def _nct_of(study: Any) -> str:
    """The NCT number a study claims, for naming it when it does not parse."""
    try:
        nct = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError, IndexError):
        return "(no NCT number)"
    return nct if isinstance(nct, str) and nct else "(no NCT number)"


def _import_page(page: dict[str, Any], number: int, report: SyncReport) -> None:
    items: list[TrialRecord | tuple[str, Exception]] = []
    for i, study in enumerate(page["studies"]):
        try:
            items.append(parse_study(study, f"studies[{i}]"))
        except StudyFormatError as exc:  # names the JSON path of what is wrong
            items.append((f"{_nct_of(study)} (page {number})", exc))
        except (TypeError, AttributeError, KeyError, ValueError) as exc:
            # Anything else the parser trips on is an odd study too: refused the same way,
            # never the end of the sync.
            error = StudyFormatError(f"studies[{i}]", f"cannot be read ({exc!r})")
            items.append((f"{_nct_of(study)} (page {number})", error))
    done = services.import_records(items)
    report.studies += len(items)
    report.created += done.created
    report.updated += done.updated
    report.unchanged += done.unchanged
    report.refused += done.errors


def sync(
    *,
    since: date | None = None,
    full: bool = False,
    config: Config | None = None,
    report: SyncReport | None = None,
    progress: Callable[[SyncReport], None] | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> SyncReport:
    """Fetch and import every page; move the marker when all of them were fetched.

    ``since`` None and ``full`` False: since the marker (everything without one). ``progress``
    is called after each page, ``on_retry`` with a line before each retry (default: logged).
    Raises :class:`SyncError`; ``report`` (pass your own to read it then) holds what was done.
    """
    config = config or Config.from_settings()
    report = report if report is not None else SyncReport()
    with _one_sync_at_a_time(config.state):
        marker = read_marker(config.state)
        if marker == {}:
            report.notes.append(f"{config.state} is unreadable: every study is fetched")
        elif marker is not None and marker.get("query") != config.query:
            report.notes.append("the query changed since the last sync: every study is fetched")
            marker = {}
        previous = since_marker(marker)
        report.since = None if full else (since or previous)

        params = {
            "format": "json",
            "query.term": config.query,
            "fields": "protocolSection",
            "pageSize": str(config.page_size),
        }
        if report.since:
            params["filter.advanced"] = (
                f"AREA[LastUpdatePostDate]RANGE[{report.since.isoformat()},MAX]"
            )
        client = Client(config, on_retry)
        token: str | None = None
        seen: set[str] = set()
        while True:
            extra = {"pageToken": token} if token else {"countTotal": "true"}
            page = client.page(params | extra)
            report.pages += 1
            if report.pages == 1 and isinstance(page.get("totalCount"), int):
                report.total = page["totalCount"]
            _import_page(page, report.pages, report)
            if progress:
                progress(report)
            token = page.get("nextPageToken") or None
            if token is None:
                break
            if not isinstance(token, str) or token in seen:
                raise SyncError(
                    f"{config.url} sent page {report.pages} with a nextPageToken it had sent "
                    "before (or not a text): stopped rather than loop"
                )
            seen.add(token)

        report.complete = True
        report.version = services.current_version()
        # A --since later than the marker's date would leave the studies updated in between
        # unfetched for good if the marker moved past them.
        if report.since is None or marker is None or (previous and report.since <= previous):
            report.marker_moved = True
            record = {
                "last_success": report.started.isoformat(timespec="seconds"),
                "query": config.query,
                "url": config.url,
            } | report.to_dict()
            try:
                _write_marker(config.state, record)
            except OSError as exc:
                report.marker_moved = False
                raise SyncError(
                    f"every page was imported, but the marker {config.state} could not be "
                    f"written ({exc}): the next sync starts from the previous one"
                ) from None
        else:
            report.notes.append(
                f"the marker was not moved: --since {report.since} is later than the last "
                f"sync's {previous}, so the studies updated in between were not fetched"
            )
    return report
