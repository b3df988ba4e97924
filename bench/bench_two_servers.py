"""Two servers behind a load balancer: one PostgreSQL, one Redis, readers and racing writers.

What it measures: cartnav deployed as a load balancer would run it — two separate gunicorn
masters on 127.0.0.1:8771 (A) and :8772 (B), each 1 worker x 4 threads, sharing ONE PostgreSQL
database (``cartnav_bench``, dropped and created at start) and ONE Redis (db 14, flushed at
start; the cache and the sessions), one ``var/bench-two/`` (secret, field and audit keys) and
ONE audit checkpoint file that both servers append to. Data: the demo plus 1,000 generated
cases. For BENCH_TWO_SECONDS (default 60) seconds, 50 client threads send requests back to back,
each on its own keep-alive connection, 25 to each server (client-side round robin by thread: the
"load balancer"); the first 3 s are a warm-up, not measured:

* 44 readers: patients (maria, james, ahmed, olga, an, hiroshi) reading /me/, and coordinators
  (coord.shanghai, coord.chengdu) reading /cases/, /api/v1/cases and single cases through
  /api/v1/cases/{id}, each person signed in once (password + second factor) through one of the
  servers and then served by both;
* 6 writers: coordinators moving 3 generated cases between stages through
  ``POST /api/v1/cases/{id}/stage`` (session auth with ``X-CSRFToken``), each with
  ``from_stage`` = the stage they last saw. Every case has one writer on A and one on B, so the
  two servers change the same case at the same moment. A 422 "already at this stage" or "has
  moved ... since you looked" is the right answer to a move that lost the race, not an error.

Why 1 worker x 4 threads per server: the machine has 2 cores, so two servers of one worker each
are two Python processes — one per core, as the production default (``cartnav serve``: 2
workers x 4 threads) is on one server. Two servers of 2x4 would put four busy processes on two
cores and measure the scheduler, not the deployment. The baseline is then the same 8 server
threads under ONE master: gunicorn 2 workers x 4 threads on :8773, the same 50 clients (readers
and racing writers, on 3 other cases), the same database, run first for
BENCH_TWO_BASELINE_SECONDS (default 20) seconds. "Two servers vs one" prints throughput and p95
relative to it: about 1.0 means splitting the deployment costs nothing. The clients, PostgreSQL
and Redis share the same 2 cores, so absolute numbers are lower than on separate machines.

Prints per server and in total: requests, requests/s, median and p95 latency, errors and the
server's CPU time per request (gunicorn master + worker, from /proc); then the checks. It passes
(exit 0) only if all four hold:

1. no errors on either server (any 5xx, connection error or unexpected status is one);
2. sessions are shared: a staff member signed in (password + second factor) through A gets 200
   from B with the same cookies, and one signed in through B gets 200 from A (before and after
   the load);
3. ``manage.py audit_verify`` exits 0 afterwards: the audit chain written by both servers is
   intact and the checkpoints both appended agree with it;
4. no stage history is lost: for every case the writers moved, its StageChange rows ordered by
   (at, id) chain (each from_stage is the previous to_stage), the case's stage is the last
   to_stage, and there is 1 row (the generated case's first) + one per 200 the writers got.

    .venv/bin/python bench/bench_two_servers.py     (server logs: var/bench-two/server-*.log)
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_session import Session

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench-two"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "cartnav_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
SECONDS = float(os.environ.get("BENCH_TWO_SECONDS", "60"))
BASELINE_SECONDS = float(os.environ.get("BENCH_TWO_BASELINE_SECONDS", "20"))
WARMUP_SECONDS = 3.0
CLIENTS = 50
WRITERS = 6
CONTESTED_CASES = 3
PATIENTS = ["maria", "james", "ahmed", "olga", "an", "hiroshi"]
COORDINATORS = {"zhongshan": "coord.shanghai", "westchina": "coord.chengdu"}
STAGES = [
    "inquiry",
    "screening",
    "records_review",
    "accepted",
    "visa_travel",
    "pre_treatment",
    "apheresis",
    "manufacturing",
    "lymphodepletion",
    "infusion",
    "inpatient",
    "outpatient",
    "home",
    "follow_up",
    "declined",
    "withdrawn",
    "not_fit",
    "manufacturing_failure",
    "deceased",
]
#: The 422 answers of a stage move that lost a race (cartnav/patients/services.change_stage).
LOST_RACE = ("already at this stage", "since you looked")
ENV = {
    **os.environ,
    "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
    "REDIS_URL": REDIS_URL,
    "CARTNAV_VAR_DIR": str(VAR),
    "CARTNAV_DEMO": "1",
    "CARTNAV_DEBUG": "0",
    "CARTNAV_AUDIT_CHECKPOINTS": str(VAR / "audit-checkpoints.log"),
}


def manage(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=check,
        capture_output=True,
        text=True,
    )


def demo_code(username: str) -> str:
    """The demo account's current second-factor code."""
    return manage("demo_otp", username).stdout.strip()


def prepare() -> None:
    """A fresh bench database, Redis db and var/ directory, with the demo and 1,000 cases."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "--extra-cases", "1000")
    manage("collectstatic", "--noinput", "-v0")


def bench_db() -> psycopg.Connection[Any]:
    return psycopg.connect(f"{POSTGRES}/{DATABASE}", autocommit=True)


class Server:
    """One gunicorn master on 127.0.0.1, its log in var/bench-two/server-NAME.log."""

    def __init__(self, name: str, port: int, workers: int, threads: int) -> None:
        self.name, self.port, self.workers, self.threads = name, port, workers, threads
        self.log_path = VAR / f"server-{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def label(self) -> str:
        return f":{self.port} {self.workers}x{self.threads}"

    def start(self) -> None:
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cartnav.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=ENV,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            assert self.process.poll() is None, f"server {self.label} exited; see {self.log_path}"
            time.sleep(0.1)
        raise AssertionError(f"server {self.label} did not answer /healthz")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the master and its workers so far (bench_pages')."""
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = 0
        for p in [pid, *map(int, children)]:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()


@dataclass
class Tally:
    """What the clients of one server saw (latencies only inside the measured window)."""

    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    moved: int = 0  # stage moves answered 200
    lost_race: int = 0  # stage moves answered 422 because another writer moved the case first
    cpu_seconds: float = 0.0

    def error(self, what: str, status: int, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(f"{status} {what}: {' '.join(text.split())[:300]}")

    def add(self, other: Tally) -> None:
        self.latencies += other.latencies
        for kind, values in other.by_kind.items():
            self.by_kind.setdefault(kind, []).extend(values)
        self.errors += other.errors
        self.error_samples += other.error_samples[: max(0, 5 - len(self.error_samples))]
        self.moved += other.moved
        self.lost_race += other.lost_race
        self.cpu_seconds += other.cpu_seconds


@dataclass
class Phase:
    """One measured run: its servers, what each one's clients saw, and the writers' 200s."""

    seconds: float
    tallies: dict[str, Tally]
    moved_per_case: dict[str, int]
    client_cpu_seconds: float  # this process's 50 client threads, in the measured window

    def total(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.add(tally)
        return total


@dataclass
class Client:
    """One client thread: a reader (patient or coordinator) or a writer of one case."""

    server: Server
    person: str
    case_id: str | None = None  # a writer's case


def detail_of(text: str) -> str:
    """The ``detail`` of a JSON error answer, or "" if it is not one."""
    try:
        return str(json.loads(text).get("detail", ""))
    except (ValueError, AttributeError):
        return ""


def contested_cases() -> list[tuple[str, str]]:
    """(case id, hospital) of generated cases, each with only its first StageChange row, so
    check 4 expects 1 + the writers' 200s. Three for the baseline, three for the two servers."""
    with bench_db() as conn:
        rows = conn.execute(
            "SELECT c.id::text, h.slug FROM patients_case c "
            "JOIN catalog_hospital h ON h.id = c.hospital_id "
            "WHERE c.number LIKE 'GEN%%' "
            "AND (SELECT count(*) FROM patients_stagechange s WHERE s.case_id = c.id) = 1 "
            "ORDER BY c.number LIMIT %s",
            [2 * CONTESTED_CASES],
        ).fetchall()
    assert len(rows) == 2 * CONTESTED_CASES, "not enough generated cases"
    return [(case_id, slug) for case_id, slug in rows]


def run_load(servers: list[Server], seconds: float, cases: list[tuple[str, str]]) -> Phase:
    """Sign everyone in (round robin over the servers), then run the mix for ``seconds``."""
    people = PATIENTS + list(COORDINATORS.values())
    cookies: dict[str, dict[str, str]] = {}
    for i, person in enumerate(people):
        session = Session(servers[i % len(servers)].port, demo_code)
        session.sign_in(person)
        cookies[person] = session.cookies
    visible: dict[str, list[str]] = {}
    for coordinator in COORDINATORS.values():
        session = Session(servers[0].port, demo_code)
        session.cookies = dict(cookies[coordinator])
        status, body = session.request("GET", "/api/v1/cases?limit=200")
        assert status == 200, f"the case list of {coordinator} gave {status}"
        visible[coordinator] = [row["id"] for row in json.loads(body)]

    # Client i goes to server i % n. Writers first: writer w moves case w % 3, so with two
    # servers every case has a writer on A and one on B. Readers alternate patient and
    # coordinator in pairs, so each server gets both.
    clients: list[Client] = []
    for i in range(CLIENTS):
        server = servers[i % len(servers)]
        if i < WRITERS:
            case_id, hospital = cases[i % CONTESTED_CASES]
            clients.append(Client(server, COORDINATORS[hospital], case_id))
        elif (i // 2) % 2:
            clients.append(Client(server, list(COORDINATORS.values())[i % 2]))
        else:
            clients.append(Client(server, PATIENTS[i % len(PATIENTS)]))

    tallies = {server.name: Tally() for server in servers}
    moved_per_case: dict[str, int] = {case_id: 0 for case_id, _ in cases[:CONTESTED_CASES]}
    lock = threading.Lock()
    start = time.perf_counter()
    measure_from = start + WARMUP_SECONDS
    deadline = measure_from + seconds

    def run(number: int, client: Client) -> None:
        session = Session(client.server.port, demo_code)
        session.cookies = dict(cookies[client.person])
        rng = random.Random(number)
        tally = Tally()

        def call(
            kind: str, method: str, path: str, payload: dict[str, str] | None = None
        ) -> tuple[int, str]:
            began = time.perf_counter()
            try:
                status, text = session.request(method, path, payload=payload)
            except (OSError, http.client.HTTPException) as exc:
                status, text = 0, repr(exc)
                session.reconnect()
            if began >= measure_from:
                elapsed = time.perf_counter() - began
                tally.latencies.append(elapsed)
                tally.by_kind.setdefault(kind, []).append(elapsed)
            return status, text

        def stage_of(case_id: str) -> str | None:
            path = f"/api/v1/cases/{case_id}"
            status, text = call("GET /api/v1/cases/{id}", "GET", path)
            if status != 200:
                tally.error(f"GET {path}", status, text)
                return None
            stage: str = json.loads(text)["stage"]
            return stage

        def write(case_id: str) -> None:
            seen = stage_of(case_id)
            path = f"/api/v1/cases/{case_id}/stage"
            while time.perf_counter() < deadline:
                if seen is None:
                    seen = stage_of(case_id)
                    continue
                # Mostly the next step of the journey (both writers who saw the same stage
                # choose the same move), sometimes any other stage.
                if rng.random() < 0.75:
                    target = STAGES[(STAGES.index(seen) + 1) % len(STAGES)]
                else:
                    target = rng.choice([s for s in STAGES if s != seen])
                move = {"to_stage": target, "reason": f"bench writer {number}", "from_stage": seen}
                status, text = call("POST /api/v1/cases/{id}/stage", "POST", path, move)
                if status == 200:
                    tally.moved += 1
                    seen = json.loads(text)["stage"]
                    continue
                seen = None
                if status == 422 and any(s in detail_of(text) for s in LOST_RACE):
                    tally.lost_race += 1
                else:
                    tally.error(f"POST {path}", status, text)

        def read(person: str) -> None:
            while time.perf_counter() < deadline:
                if person not in visible:  # a patient
                    kind, path = "GET /me/", "/me/"
                else:
                    kind = rng.choice(
                        ["GET /cases/", "GET /api/v1/cases", "GET /api/v1/cases/{id}"]
                    )
                    path = kind.removeprefix("GET ")
                    if kind.endswith("{id}"):
                        path = f"/api/v1/cases/{rng.choice(visible[person])}"
                status, text = call(kind, "GET", path)
                if status != 200:
                    tally.error(f"GET {path}", status, text)

        try:
            if client.case_id is not None:
                write(client.case_id)
            else:
                read(client.person)
        except Exception as exc:  # a client that stopped early is an error, not a silent gap
            tally.error("client thread stopped", 0, repr(exc))
        with lock:
            tallies[client.server.name].add(tally)
            if client.case_id is not None:
                moved_per_case[client.case_id] += tally.moved

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu_before = {server.name: server.cpu_seconds() for server in servers}
    client_cpu = time.process_time()
    time.sleep(max(0.0, deadline - time.perf_counter()))
    for thread in threads:
        thread.join()
    client_cpu = time.process_time() - client_cpu
    for server in servers:
        tallies[server.name].cpu_seconds = server.cpu_seconds() - cpu_before[server.name]
    return Phase(seconds, tallies, moved_per_case, client_cpu)


def sign_in_at(server: Server, username: str) -> dict[str, str]:
    """Sign ``username`` in through ``server``; the cookies, to be used at the other one."""
    session = Session(server.port, demo_code)
    session.sign_in(username)
    return session.cookies


def signed_in_status(server: Server, cookies: dict[str, str]) -> int:
    """The status of a signed-in page (the dashboard) at ``server`` with these cookies: 200,
    or a 302 to the sign-in page if the session is not known there."""
    session = Session(server.port, demo_code)
    session.cookies = dict(cookies)
    status, _ = session.request("GET", "/cases/")
    return status


def check_history(moved_per_case: dict[str, int]) -> list[str]:
    """Problems with the stage history of the moved cases (check 4); empty if none."""
    problems = []
    with bench_db() as conn:
        for case_id, moved in moved_per_case.items():
            rows = conn.execute(
                "SELECT from_stage, to_stage FROM patients_stagechange "
                "WHERE case_id = %s ORDER BY at, id",
                [case_id],
            ).fetchall()
            (stage,) = conn.execute(
                "SELECT stage FROM patients_case WHERE id = %s", [case_id]
            ).fetchone() or ("",)
            breaks = [
                i for i in range(1, len(rows)) if rows[i][0] != rows[i - 1][1]
            ]  # from_stage is not the previous to_stage
            if breaks:
                problems.append(f"case {case_id}: history breaks at row(s) {breaks[:5]}")
            if not rows or rows[-1][1] != stage:
                problems.append(
                    f"case {case_id}: stage {stage!r}, last history row "
                    f"{rows[-1][1] if rows else None!r}"
                )
            if len(rows) != 1 + moved:
                problems.append(
                    f"case {case_id}: {len(rows)} history rows, expected 1 + {moved} moves"
                )
    return problems


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) > 1 else values[0]


def row(label: str, latencies: list[float], seconds: float) -> str:
    """Requests, requests/s, median and p95 latency."""
    n = len(latencies)
    if not n:
        return f"{label:34} {0:9d} {'—':>8} {'—':>10} {'—':>8}"
    return (
        f"{label:34} {n:9d} {n / seconds:8.1f} {ms(statistics.median(latencies)):>10} "
        f"{ms(p95(latencies)):>8}"
    )


def server_row(label: str, tally: Tally, seconds: float) -> str:
    """``row``, then errors and server CPU time per request."""
    cpu = tally.cpu_seconds / len(tally.latencies) * 1000 if tally.latencies else 0.0
    return f"{row(label, tally.latencies, seconds)} {tally.errors:7d} {cpu:18.2f}"


def tracebacks(servers: list[Server]) -> list[str]:
    """The last line of every traceback in the servers' logs (the exception raised)."""
    found = []
    for server in servers:
        if not server.log_path.exists():
            continue
        lines = server.log_path.read_text(errors="replace").splitlines()
        in_traceback = False
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                in_traceback = True
            elif in_traceback and line and not line.startswith((" ", "\t", "During", "The above")):
                found.append(f"{server.name} log line {i + 1}: {line[:200]}")
                in_traceback = False
    return found


def client_ms(phase: Phase, total: Tally) -> float:
    """The load generator's own CPU time per measured request."""
    return phase.client_cpu_seconds / max(1, len(total.latencies)) * 1000


def print_tracebacks(servers: list[Server]) -> None:
    found = tracebacks(servers)
    print(f"server logs: {VAR.relative_to(ROOT)}/server-*.log, {len(found)} traceback(s)")
    for line in found[:5]:
        print(f"  {line}")


def main() -> int:
    print(
        f"workload: 1,009 cases (demo + 1,000 generated) in one PostgreSQL database, one Redis; "
        f"two gunicorn servers (1 worker x 4 threads each, :8771 and :8772) against the "
        f"baseline of one (2 workers x 4 threads, :8773); {CLIENTS} clients back to back "
        f"(25 per server): 44 readers (patients /me/; coordinators /cases/, /api/v1/cases, "
        f"/api/v1/cases/{{id}}) and {WRITERS} writers moving {CONTESTED_CASES} cases through "
        f"the API, each case from both servers at once; {SECONDS:.0f} s (baseline "
        f"{BASELINE_SECONDS:.0f} s) after a {WARMUP_SECONDS:.0f} s warm-up"
    )
    prepare()
    cases = contested_cases()
    one = Server("one", 8773, workers=2, threads=4)
    a, b = Server("A", 8771, workers=1, threads=4), Server("B", 8772, workers=1, threads=4)
    try:
        one.start()
        baseline = run_load([one], BASELINE_SECONDS, cases[CONTESTED_CASES:])
        one.stop()
        a.start()
        b.start()
        staff_a, staff_b = sign_in_at(a, "dr.shanghai"), sign_in_at(b, "dr.chengdu")
        sessions_before = (signed_in_status(b, staff_a), signed_in_status(a, staff_b))
        two = run_load([a, b], SECONDS, cases[:CONTESTED_CASES])
        sessions_after = (signed_in_status(b, staff_a), signed_in_status(a, staff_b))
    except (AssertionError, OSError, http.client.HTTPException) as exc:
        # Signing in or reading the case lists failed: no load was measured.
        print(f"FAIL: {exc!r}")
        print_tracebacks([one, a, b])
        return 1
    finally:
        for server in (one, a, b):
            server.stop()
    verify = manage("audit_verify", check=False)
    history = check_history({**baseline.moved_per_case, **two.moved_per_case})

    print(
        f"{'server':34} {'requests':>9} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} "
        f"{'errors':>7} {'server CPU ms/req':>18}"
    )
    base_total, two_total = baseline.total(), two.total()
    print(server_row(f"baseline: one server {one.label}", base_total, baseline.seconds))
    for server in (a, b):
        print(
            server_row(
                f"server {server.name} {server.label}", two.tallies[server.name], two.seconds
            )
        )
    print(server_row("two servers, total", two_total, two.seconds))
    print("by request, two servers (both):")
    for kind, values in sorted(two_total.by_kind.items()):
        print(row(f"  {kind}", values, two.seconds))
    for name, phase, total in (("baseline", baseline, base_total), ("two servers", two, two_total)):
        print(
            f"stage moves, {name} (whole run): {total.moved} applied, {total.lost_race} lost a "
            f"race (422, expected) on {len(phase.moved_per_case)} cases"
        )
    print(
        "clients (this process, on the same 2 cores): "
        f"{client_ms(baseline, base_total):.2f} ms CPU per request in the baseline, "
        f"{client_ms(two, two_total):.2f} with two servers"
    )
    throughput = (len(two_total.latencies) / two.seconds) / (
        len(base_total.latencies) / baseline.seconds
    )
    print(
        f"two servers vs one (baseline: one master, 2 workers x 4 threads, same clients and "
        f"database): throughput {throughput:.2f}x one server's, p95 "
        f"{p95(two_total.latencies) / p95(base_total.latencies):.2f}x one server's"
    )

    errors = base_total.errors + two_total.errors
    cross = sessions_before + sessions_after
    checks = [
        (
            f"0 errors across both servers (two servers: {two_total.errors}, "
            f"baseline: {base_total.errors})",
            errors == 0,
        ),
        (
            "sessions valid on both: signed in at A -> /cases/ at B: "
            f"{sessions_before[0]} before the load, {sessions_after[0]} after; signed in at B "
            f"-> /cases/ at A: {sessions_before[1]} before, {sessions_after[1]} after",
            all(status == 200 for status in cross),
        ),
        (
            f"audit_verify exit {verify.returncode}: "
            + " ".join((verify.stdout + verify.stderr).split())[:300],
            verify.returncode == 0,
        ),
        (
            f"no stage history lost on the {len(baseline.moved_per_case) + len(two.moved_per_case)}"
            " moved cases: rows chain by (at, id), the case's stage is the last row's, rows = 1 + "
            "200s" + ("" if not history else ": " + "; ".join(history)),
            not history,
        ),
    ]
    for number, (text, ok) in enumerate(checks, 1):
        print(f"check {number}: {'PASS' if ok else 'FAIL'}  {text}")
    for sample in base_total.error_samples + two_total.error_samples:
        print(f"  error: {sample}")
    print_tracebacks([one, a, b])
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
