"""`cartnav sync-trials` against a stub of the ClinicalTrials.gov API v2 on 127.0.0.1.

The stub serves the recorded pages of ``data/ctgov_v2/`` by their ``pageToken``, can fail on
purpose, and records every request it gets. Nothing leaves the machine; back-off is made fast
(``CTGOV_BACKOFF_SECONDS``) and, where a test is about the waits, they are recorded, not slept.
"""

from __future__ import annotations

import gzip
import io
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from cartnav import cli
from cartnav.catalog import ctgov_sync, services
from cartnav.catalog import tasks as catalog_tasks
from cartnav.catalog.models import Trial

DATA = Path(__file__).with_name("data") / "ctgov_v2"
PAGE_1 = (DATA / "page_1.json").read_bytes()
PAGE_2 = (DATA / "page_2.json").read_bytes()
TOKEN = json.loads(PAGE_1)["nextPageToken"]
PATH = "/api/v2/studies"
GOOD = ["NCT09100001", "NCT09100002", "NCT09100004", "NCT09100005"]


class Registry:
    """The stub: ``pages`` by token (None = the first page), faults served first, in order."""

    def __init__(self) -> None:
        self.pages: dict[str | None, bytes] = {None: PAGE_1, TOKEN: PAGE_2}
        self.faults: list[tuple[int, dict[str, str]]] = []
        self.always: int | None = None  # answer every request with this status
        self.fail_token: str | None = None  # answer 503 to every request for this page
        self.requests: list[dict[str, Any]] = []
        self.url = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                registry.requests.append(
                    {
                        "path": parts.path,
                        "raw": parts.query,
                        "query": {k: v[0] for k, v in query.items()},
                        "headers": dict(self.headers),
                        "at": time.monotonic(),
                    }
                )
                token = query.get("pageToken", [None])[0]
                if registry.faults:
                    status, headers = registry.faults.pop(0)
                    return self._send(status, b"Service Unavailable", headers)
                if registry.always or (token and token == registry.fail_token):
                    return self._send(registry.always or 503, b"Service Unavailable")
                if parts.path != PATH:
                    return self._send(404, b"Not Found")
                if token not in registry.pages:
                    return self._send(400, b"pageToken is invalid")
                body, headers = registry.pages[token], {"Content-Type": "application/json"}
                if token and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
                return self._send(200, body, headers)

            def _send(
                self, status: int, body: bytes, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        return Handler


@pytest.fixture
def registry(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    stub = Registry()
    server = ThreadingHTTPServer(("127.0.0.1", 0), stub.handler())
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_port}{PATH}"
    settings.CTGOV_API_URL = stub.url
    settings.CTGOV_SYNC_STATE = tmp_path / "ctgov-sync.json"
    settings.CTGOV_RATE = 1000.0
    settings.CTGOV_TIMEOUT = 5.0
    settings.CTGOV_RETRIES = 3
    settings.CTGOV_BACKOFF_SECONDS = 0.01  # 10, 20, 40 ms
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the sync asks for, recorded instead of slept."""
    seen: list[float] = []
    monkeypatch.setattr(ctgov_sync, "_sleep", seen.append)
    return seen


def sync(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_trials", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def marker(settings: Any) -> dict[str, Any]:
    return json.loads(Path(settings.CTGOV_SYNC_STATE).read_text())


def write_marker(settings: Any, when: str, query: str | None = None) -> str:
    text = json.dumps({"last_success": when, "query": query or settings.CTGOV_QUERY})
    Path(settings.CTGOV_SYNC_STATE).write_text(text)
    return text


def test_both_pages_are_imported_and_the_malformed_study_is_reported(
    db: None, registry: Registry, settings: Any
) -> None:
    before = services.current_version()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 studies were refused; the others were imported"):
        call_command("sync_trials", stdout=out, stderr=err)

    assert list(Trial.objects.values_list("nct_id", flat=True)) == GOOD
    trial = Trial.objects.get(nct_id="NCT09100001")
    kinds = [c["kind"] for c in trial.criteria]
    assert {"age_min", "disease", "ecog_max", "lines_min", "prior_car_t"} <= set(kinds)
    assert trial.diseases == ["DLBCL"] and trial.targets == ["CD19"]
    assert trial.last_update == "2026-03-04" and trial.sites.get().city == "Shanghai"
    assert Trial.objects.get(nct_id="NCT09100002").sites.count() == 2
    assert services.current_version() > before  # stored screening results will be recomputed

    assert (
        "refused NCT09100003 (page 1): studies[2].protocolSection.conditionsModule.conditions: "
        "must be list, not str" in err.getvalue()
    )
    assert "page 2: 5 of 5 studies so far" in err.getvalue()
    assert "5 studies in 2 pages: 4 created, 0 updated, 0 unchanged, 1 refused" in out.getvalue()

    first, second = registry.requests
    assert first["query"] == {
        "format": "json",
        "query.term": 'CAR-T OR "CAR T" OR "chimeric antigen receptor"',
        "fields": "protocolSection",
        "pageSize": "1000",
        "countTotal": "true",
    }
    # The next page: the same search, with the token instead of the count.
    same = {k: v for k, v in first["query"].items() if k != "countTotal"}
    assert second["query"] == same | {"pageToken": TOKEN}
    assert first["headers"]["User-Agent"].startswith("cartnav/")
    assert "gzip" in second["headers"]["Accept-Encoding"]  # and page 2 came back compressed

    # The run fetched every page: the marker moved, and names the study that was refused.
    saved = marker(settings)
    assert datetime.fromisoformat(saved["last_success"]).date() == datetime.now(UTC).date()
    assert saved["query"] == settings.CTGOV_QUERY and saved["since"] is None
    assert saved["refused"] == [err.getvalue().split("refused ", 1)[1].strip()]

    # Again: nothing changed, nothing is written, the version stays.
    version = services.current_version()
    with pytest.raises(CommandError):
        sync("--full")
    assert services.current_version() == version
    assert Trial.objects.count() == 4


def test_pagination_stops_at_the_page_without_a_token(db: None, registry: Registry) -> None:
    registry.pages = {None: PAGE_2}
    out, _ = sync("--quiet")
    assert len(registry.requests) == 1
    assert "2 studies in 1 pages: 2 created" in out
    assert sorted(Trial.objects.values_list("nct_id", flat=True)) == GOOD[2:]


def test_since_asks_for_the_studies_updated_since_on_every_page(
    db: None, registry: Registry, settings: Any
) -> None:
    with pytest.raises(CommandError, match="refused"):
        sync("--since", "2026-03-01", "--quiet")
    assert [r["query"]["filter.advanced"] for r in registry.requests] == [
        "AREA[LastUpdatePostDate]RANGE[2026-03-01,MAX]"
    ] * 2
    assert (
        "filter.advanced=AREA%5BLastUpdatePostDate%5DRANGE%5B2026-03-01%2CMAX%5D"
        in (registry.requests[0]["raw"])
    )
    assert marker(settings)["since"] == "2026-03-01"  # there was no marker: this run starts it


def test_without_since_the_last_successful_sync_decides(
    db: None, registry: Registry, settings: Any
) -> None:
    write_marker(settings, "2026-03-10T01:30:00+00:00")
    registry.pages = {None: PAGE_2}
    sync("--quiet")
    # The day before (the registry dates its updates by US Eastern day).
    assert registry.requests[0]["query"]["filter.advanced"] == (
        "AREA[LastUpdatePostDate]RANGE[2026-03-09,MAX]"
    )
    assert marker(settings)["last_success"] > "2026-03-10T01:30:00+00:00"


def test_a_marker_for_another_query_means_a_full_sync(
    db: None, registry: Registry, settings: Any
) -> None:
    write_marker(settings, "2026-03-10T01:30:00+00:00", query="CAR-NK")
    registry.pages = {None: PAGE_2}
    _, err = sync()
    assert "filter.advanced" not in registry.requests[0]["query"]
    assert "the query changed since the last sync" in err


def test_a_since_later_than_the_marker_does_not_move_it(
    db: None, registry: Registry, settings: Any
) -> None:
    text = write_marker(settings, "2026-01-10T01:30:00+00:00")
    registry.pages = {None: PAGE_2}
    out, err = sync("--since", "2026-03-01")
    assert "marker not moved" in out and "updated in between were not fetched" in err
    assert Path(settings.CTGOV_SYNC_STATE).read_text() == text


def test_a_503_is_retried_after_a_back_off(
    db: None, registry: Registry, waits: list[float]
) -> None:
    registry.faults = [(503, {})]
    registry.pages = {None: PAGE_2}
    _, err = sync()
    assert len(registry.requests) == 2 and Trial.objects.count() == 2
    assert 0.01 in waits  # CTGOV_BACKOFF_SECONDS, the first retry's wait
    assert "HTTP 503 Service Unavailable; try 2 of 4 in 0.01 s" in err


def test_a_refused_request_is_not_retried(db: None, registry: Registry) -> None:
    del registry.pages[TOKEN]  # the stub answers 400 to a token it does not know
    with pytest.raises(CommandError, match=r"refused the request: HTTP 400 .*pageToken is invalid"):
        sync("--quiet")
    assert len(registry.requests) == 2  # the first page, and the refused second, once
    assert Trial.objects.count() == 2


def test_back_off_doubles_and_retry_after_is_honoured_up_to_its_bound(
    db: None, registry: Registry, settings: Any, waits: list[float]
) -> None:
    settings.CTGOV_RETRY_AFTER_MAX_SECONDS = 30.0
    registry.faults = [
        (502, {}),
        (500, {}),
        (429, {"Retry-After": "2"}),
        (503, {"Retry-After": "3600"}),  # an hour: more than this deployment will wait
    ]
    settings.CTGOV_RETRIES = 4
    registry.pages = {None: PAGE_2}
    sync("--quiet")
    retries = [w for w in waits if w >= 0.005]  # leave out the rate limit's millisecond waits
    assert retries == [0.01, 0.02, 2.0, 30.0]
    assert Trial.objects.count() == 2


def test_at_most_n_requests_per_second(
    db: None, registry: Registry, settings: Any, waits: list[float]
) -> None:
    settings.CTGOV_RATE = 0.5  # one request every two seconds (recorded here, not slept)
    with pytest.raises(CommandError, match="refused"):
        sync("--quiet")
    assert len(registry.requests) == 2
    assert len(waits) == 1 and 1.0 < waits[0] <= 2.0  # the second page waited its turn


def test_a_registry_that_always_fails_is_one_line_and_a_non_zero_exit(
    db: None,
    registry: Registry,
    settings: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry.always = 503
    text = write_marker(settings, "2026-03-10T01:30:00+00:00")
    monkeypatch.setattr(sys, "argv", ["cartnav", "sync-trials", "--quiet"])
    # Django is set up already; setting it up again would point its log handler at this
    # test's captured stderr, closed after it.
    monkeypatch.setattr(cli, "_django", lambda: None)
    assert cli.entry() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"cartnav: sync-trials: no answer from {registry.url}: HTTP 503")
    assert "gave up after 4 tries" in err and "the sync marker was not moved" in err
    assert len(registry.requests) == 4
    assert Path(settings.CTGOV_SYNC_STATE).read_text() == text
    assert Trial.objects.count() == 0


def test_a_run_that_fails_between_pages_keeps_the_first_page(
    db: None, registry: Registry, settings: Any
) -> None:
    registry.fail_token = TOKEN
    with pytest.raises(CommandError, match="the sync marker was not moved") as failed:
        sync("--quiet")
    assert "after 1 pages, kept: 2 created, 0 updated, 0 unchanged, 1 refused" in str(failed.value)
    assert sorted(Trial.objects.values_list("nct_id", flat=True)) == GOOD[:2]
    assert not Path(settings.CTGOV_SYNC_STATE).exists()


def test_an_interrupted_run_keeps_the_first_page_and_the_marker(
    db: None, registry: Registry, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = write_marker(settings, "2026-03-10T01:30:00+00:00")
    opened = ctgov_sync.Client._open

    def interrupted_at_the_second_page(self: ctgov_sync.Client, url: str) -> bytes:
        if "pageToken" in url:
            raise KeyboardInterrupt
        return opened(self, url)

    monkeypatch.setattr(ctgov_sync.Client, "_open", interrupted_at_the_second_page)
    with pytest.raises(CommandError, match="interrupted"):
        sync("--quiet")
    assert sorted(Trial.objects.values_list("nct_id", flat=True)) == GOOD[:2]
    assert Path(settings.CTGOV_SYNC_STATE).read_text() == text


def test_no_server_at_the_address_is_a_clear_error(db: None, settings: Any, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CTGOV_API_URL = f"http://127.0.0.1:{port}{PATH}"
    settings.CTGOV_SYNC_STATE = tmp_path / "ctgov-sync.json"
    settings.CTGOV_RETRIES = 1
    settings.CTGOV_BACKOFF_SECONDS = 0.01
    settings.CTGOV_RATE = 1000.0
    with pytest.raises(CommandError, match=r"no answer from .*Connection refused.*2 tries"):
        sync("--quiet")
    assert not Path(settings.CTGOV_SYNC_STATE).exists()


@pytest.mark.parametrize("url", ["ftp://clinicaltrials.gov/api/v2/studies", "clinicaltrials.gov"])
def test_a_base_url_that_is_not_http_is_refused_before_any_request(
    db: None, settings: Any, url: str
) -> None:
    settings.CTGOV_API_URL = url
    with pytest.raises(CommandError, match="is not an http"):
        sync()


def test_a_since_that_is_not_a_date_is_refused(db: None, registry: Registry) -> None:
    with pytest.raises(CommandError, match="--since: 'yesterday' is not a date"):
        sync("--since", "yesterday")
    assert registry.requests == []


def test_a_study_the_parser_trips_over_is_refused_not_fatal(db: None, registry: Registry) -> None:
    page = json.loads(PAGE_2)
    page["studies"][0]["protocolSection"]["eligibilityModule"]["minimumAge"] = 18  # not a text
    registry.pages = {None: json.dumps(page).encode()}
    with pytest.raises(CommandError, match="1 studies were refused"):
        sync("--quiet")
    assert list(Trial.objects.values_list("nct_id", flat=True)) == ["NCT09100005"]


def test_the_nightly_job_runs_only_where_it_is_switched_on(
    db: None, registry: Registry, settings: Any
) -> None:
    assert settings.CTGOV_SYNC_NIGHTLY is False  # the default: this machine has no internet
    assert catalog_tasks.nightly_sync() is None and registry.requests == []

    settings.CTGOV_SYNC_NIGHTLY = True
    result = catalog_tasks.nightly_sync()
    assert result is not None
    assert (result["pages"], result["created"], len(result["refused"])) == (2, 4, 1)
    assert result["marker_moved"] and marker(settings)["studies"] == 5

    registry.always = 503
    failed = catalog_tasks.nightly_sync()
    assert failed is not None and "no answer" in failed["error"] and not failed["complete"]
    # Registered with the worker, nightly at 19:17 UTC.
    due = catalog_tasks.sync_trials_nightly.s().validate_datetime
    assert due(datetime(2026, 3, 10, 19, 17)) and not due(datetime(2026, 3, 10, 19, 18))


def test_a_second_sync_cannot_start_while_one_runs(db: None, registry: Registry) -> None:
    config = ctgov_sync.Config.from_settings()
    with (
        ctgov_sync._one_sync_at_a_time(config.state),
        pytest.raises(CommandError, match="another trial sync is running"),
    ):
        sync("--quiet")
    assert registry.requests == []


def test_the_marker_date_is_the_day_before_the_last_success() -> None:
    assert ctgov_sync.since_marker({"last_success": "2026-03-10T23:59:00+08:00"}) == date(
        2026, 3, 9
    )
    assert ctgov_sync.since_marker(None) is None
