"""The case-summary PDF for the largest profile an import can make, against a typical one.

Workload: a fresh SQLite database under var/bench-pdf/ with the demo data. One demo case gets a
typical profile (a few lines of therapy and labs) — the baseline — and then the largest one a
FHIR bundle can leave behind: a 4,000-entry bundle of medications is previewed and imported
(cartnav keeps the newest 50 lines of therapy, with a warning), with 100 reports and 200 current
medications, the profile's limits. Each PDF is made RUNS times (default 5) in English and
Chinese, in this process; prints the median seconds of each and the ratio of the largest to the
baseline. Issue 10: a 10,000-entry bundle made the PDF take 40 s; the target is under 2 s, and
the script exits 1 if the largest profile's median is over it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench-pdf"
RUNS = int(os.environ.get("BENCH_PDF_RUNS", "5"))
TARGET_SECONDS = 2.0


def prepare() -> None:
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    env = {**os.environ, "CARTNAV_VAR_DIR": str(VAR), "CARTNAV_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    for args in (("migrate", "--noinput", "-v0"), ("load_demo",)):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def medications(n: int) -> dict[str, object]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "MedicationStatement",
                    "status": "completed",
                    "subject": {"reference": "Patient/x"},
                    "medicationCodeableConcept": {"coding": [{"display": f"drug {i}"}]},
                    "effectivePeriod": {"start": f"{2000 + i % 25}-01-{1 + i % 28:02d}"},
                }
            }
            for i in range(n)
        ],
    }


def median_seconds(make: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    prepare()
    os.environ.update({"CARTNAV_VAR_DIR": str(VAR), "CARTNAV_DEMO": "1"})
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartnav.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from cartnav.patients.models import Case
    from cartnav.records import fhir, pdf
    from cartnav.screening.services import save_profile

    case = Case.objects.select_related("patient", "hospital").order_by("number").first()
    assert case is not None
    typical = {
        "disease": "DLBCL",
        "ecog": 1,
        "lines": [{"regimen": "R-CHOP"}, {"regimen": "R-ICE"}, {"regimen": "Pola-BR"}],
        "labs": {"creatinine": {"value": 80, "unit": "umol/L"}},
    }
    preview = fhir.preview(medications(4000))
    largest = {
        **typical,
        "lines": preview.profile["lines"],
        "reports": [
            {"kind": "imaging", "date": "2026-01-01", "conclusion": "x" * 2000} for _ in range(100)
        ],
        "current_medications": [f"medicine {i}" for i in range(200)],
    }
    print(
        f"workload: the case-summary PDF of one demo case, {RUNS} runs each in English and "
        f"Chinese; baseline: a typical profile (3 lines of therapy); largest: what a 4,000-entry "
        f"bundle leaves ({len(largest['lines'])} lines kept: "
        f"{preview.warnings[-1]['message']}), 100 reports of 2,000 characters, 200 medications"
    )
    results = {}
    for name, profile in (("typical profile (baseline)", typical), ("largest profile", largest)):
        save_profile(None, case, profile)
        for language in ("en", "zh-hans"):
            results[name, language] = median_seconds(
                lambda lang=language: pdf.summary_pdf(case, lang), RUNS
            )
    print(f"{'profile':30} {'language':9} {'median s':>9} {'ratio to baseline':>18}")
    worst = 0.0
    for (name, language), seconds in results.items():
        ratio = seconds / results["typical profile (baseline)", language]
        worst = max(worst, seconds) if name == "largest profile" else worst
        print(f"{name:30} {language:9} {seconds:9.3f} {ratio:18.2f}")
    print(
        f"summary: the largest profile's PDF takes {worst:.2f} s at worst (target < {TARGET_SECONDS} s)"
    )
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
