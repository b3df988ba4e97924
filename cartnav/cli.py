"""``cartnav`` — the commands people script.

    cartnav demo [--no-serve] [--port 8000]   migrate, load demo data, serve on 127.0.0.1
    cartnav serve [--port 8000] [--workers 2] serve the app (gunicorn; runserver with --dev)
    cartnav worker                            run the background job worker (Huey)
    cartnav audit verify                      check the audit trail's hash chain
    cartnav createuser NAME --role ROLE ...   create an account
    cartnav demo-otp NAME                     print a demo staff account's current code
    cartnav grade KIND [--explain]            grade JSON lines from stdin (pure core, no database)
    cartnav coi check ID...                   check ISBT 128 DINs and chain-of-identity identifiers
                                              (pure core, no database; quote '&/...' in a shell)
    cartnav screen PROFILE.json [--cohort]    screen a profile (or referral list) against the catalog
    cartnav import-trials PATH                import trials (ClinicalTrials.gov v2 JSON or CSV folder)
    cartnav sync-trials [--since DATE|--full] fetch CAR-T trials updated since the last sync from
                                              the ClinicalTrials.gov API v2 and import them
    cartnav manage ...                        any Django management command

``grade`` and ``coi`` import only pure cores (clinical grading, ISBT 128 identifiers); every other
command goes through Django and the same services as the pages, so it cannot bypass access checks
or the audit trail.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartnav.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _django()
    from django.core.management import call_command

    call_command(*args)


def _serve(port: int, workers: int, dev: bool) -> int:
    if dev:
        # Debug pages only when asked for: a server started any other way shows none.
        os.environ.setdefault("CARTNAV_DEBUG", "1")
        _manage("runserver", f"127.0.0.1:{port}", "--noreload")
        return 0
    _manage("collectstatic", "--noinput", "-v0")
    args = [
        "gunicorn",
        "cartnav.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *args])


def _cmd_demo(ns: argparse.Namespace) -> int:
    os.environ.setdefault("CARTNAV_DEMO", "1")
    os.environ["CARTNAV_DEBUG"] = "0"  # the demo shows the product, not tracebacks
    _manage("migrate", "--noinput", "-v0")
    _manage("load_catalog")
    _manage("load_demo", "--if-empty")
    if ns.no_serve:
        return 0
    print(
        f"cartnav demo on http://127.0.0.1:{ns.port}/ — sign in as maria / coord.shanghai, "
        "password cartnav-demo-2026; staff codes: cartnav demo-otp USER"
    )
    return _serve(ns.port, 2, dev=False)


def _cmd_screen(ns: argparse.Namespace) -> int:
    """Screen a profile (or, with --cohort, a referral list) against the catalog in the database."""
    import json
    from pathlib import Path

    _django()
    from cartnav.core import safe_json
    from cartnav.eligibility.profile import MAX_PROFILE_BYTES, ProfileError
    from cartnav.screening import cohort_service, services

    path = Path(ns.path)
    try:
        if ns.cohort:
            cohort_service.write_csv(path, sys.stdout)
            return 0
        data = safe_json.loads(path.read_bytes(), max_bytes=MAX_PROFILE_BYTES)
        result = services.screen_profile(data)
        for warning in result.warnings:
            print(f"cartnav screen: warning: {warning}", file=sys.stderr)
    except ProfileError as exc:
        print(f"cartnav screen: {exc}", file=sys.stderr)
        return 1
    except safe_json.JSONRefused as exc:
        print(f"cartnav screen: {path}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cartnav screen: {path}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1 if ns.pretty else None))
    return 0


def _cmd_grade(ns: argparse.Namespace) -> int:
    from cartnav.clinical.stream import run_stream

    return run_stream(ns.kind, sys.stdin, sys.stdout, explain=ns.explain)


def _cmd_coi(ns: argparse.Namespace) -> int:
    """One JSON line per identifier; exit 1 if any is invalid. Pure core: no Django setup."""
    import json

    from cartnav.custody.isbt128 import parse

    status = 0
    for text in ns.ids:
        result = parse(text)
        if not result.valid:
            status = 1
        print(json.dumps({"id": text, **result.to_dict()}, ensure_ascii=False))
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cartnav", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="migrate, load the demo data and serve it")
    p.add_argument("--no-serve", action="store_true")
    p.add_argument("--port", type=int, default=8000)
    p = sub.add_parser("serve", help="serve the app")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--dev", action="store_true", help="Django's development server")
    sub.add_parser("worker", help="run the background job worker")
    p = sub.add_parser("audit", help="audit trail tools")
    p.add_argument("action", choices=["verify"])
    p = sub.add_parser("createuser", help="create an account", add_help=False)
    p = sub.add_parser("demo-otp", help="print a demo account's current second-factor code")
    p.add_argument("username")
    p = sub.add_parser("grade", help="grade JSON lines from stdin")
    p.add_argument("kind", choices=["crs", "icans", "tls", "hematotox", "easix", "icaht"])
    p.add_argument("--explain", action="store_true", help="print the reasoning for a person")
    p = sub.add_parser(
        "coi", help="check ISBT 128 DINs and chain-of-identity identifiers (no database)"
    )
    p.add_argument("action", choices=["check"])
    p.add_argument("ids", nargs="+", metavar="ID", help="a DIN or chain-of-identity identifier")
    p = sub.add_parser("screen", help="screen a profile JSON (or a referral list with --cohort)")
    p.add_argument("path")
    p.add_argument(
        "--cohort",
        action="store_true",
        help="PATH is a CSV or JSON referral list; prints CSV verdicts",
    )
    p.add_argument("--pretty", action="store_true")
    p = sub.add_parser(
        "import-trials", help="import trials (API v2 JSON or the monitor CSV folder)"
    )
    p.add_argument("path")
    p = sub.add_parser(
        "sync-trials", help="fetch and import CAR-T trials from the ClinicalTrials.gov API v2"
    )
    when = p.add_mutually_exclusive_group()
    when.add_argument("--since", metavar="YYYY-MM-DD", help="studies updated on or after this day")
    when.add_argument("--full", action="store_true", help="every study, whatever the last sync")
    p.add_argument(
        "--rate", metavar="N", help="at most N requests per second (default: CARTNAV_CTGOV_RATE, 1)"
    )
    p.add_argument(
        "--timeout", metavar="SECONDS", help="per request (default: CARTNAV_CTGOV_TIMEOUT, 60)"
    )
    p.add_argument("--retries", metavar="N", help="retries of a failed request (default 5)")
    p.add_argument("--page-size", metavar="N", help="studies per page, 1 to 1000 (default 1000)")
    p.add_argument(
        "--query", help="the registry search (default: CARTNAV_CTGOV_QUERY, CAR-T studies)"
    )
    p.add_argument("--quiet", action="store_true", help="no line per page")
    sub.add_parser("manage", help="run a Django management command", add_help=False)

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("createuser", "manage"):
        command = "cartnav_createuser" if argv[0] == "createuser" else None
        rest = argv[1:]
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["cartnav", *([command] if command else []), *rest])
        return 0
    ns = parser.parse_args(argv)
    if ns.command == "demo":
        return _cmd_demo(ns)
    if ns.command == "serve":
        return _serve(ns.port, ns.workers, ns.dev)
    if ns.command == "worker":
        _manage("run_huey")
        return 0
    if ns.command == "audit":
        _manage("audit_verify")
        return 0
    if ns.command == "demo-otp":
        _manage("demo_otp", ns.username)
        return 0
    if ns.command == "grade":
        return _cmd_grade(ns)
    if ns.command == "coi":
        return _cmd_coi(ns)
    if ns.command == "screen":
        return _cmd_screen(ns)
    if ns.command == "import-trials":
        _manage("import_trials", ns.path)
        return 0
    if ns.command == "sync-trials":
        options = [
            f"--{name.replace('_', '-')}={value}"
            for name in ("since", "rate", "timeout", "retries", "page_size", "query")
            if (value := getattr(ns, name)) is not None
        ]
        _manage(
            "sync_trials",
            *options,
            *(["--full"] if ns.full else []),
            *(["--quiet"] if ns.quiet else []),
        )
        return 0
    parser.error(f"unknown command {ns.command}")
    return 2


def entry() -> int:
    """Console entry point: a management command's error is a message and exit status 1."""
    from django.core.management.base import CommandError

    try:
        return main()
    except CommandError as exc:
        print(f"cartnav: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(entry())
