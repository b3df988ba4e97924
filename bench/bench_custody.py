"""The chain-of-custody pages at scale (issue 13): the coordinators' tracker with 1,000 products
in flight, and a product with 200 custody events (its page and its report PDF), against the
smallest audited read of the same coordinator, measured side by side in this process.

Workload: a fresh SQLite database under var/bench-custody/ with the demo data and 1,000
generated cases; one therapy order per case (1,000 products in flight, half of them at the
coordinator's hospital), and one order with 200 events (200 bags collected: the one kind that
repeats). Each page is requested RUNS times (default 60; the PDF 5) through Django's test client
as the demo coordinator, past the second factor; prints the workload, each page's median server
CPU per request (process time) and its ratio to the smallest audited read
(one case by id through the API). Target (issue 13): within 2x that read (the query counts are
fixed by tests/custody/test_orders_and_log.py).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from in_process import demo_database, staff_client

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench-custody"
RUNS = int(os.environ.get("BENCH_CUSTODY_RUNS", "60"))
PDF_RUNS = 5


def main() -> int:
    demo_database(VAR, 1000)
    import datetime as dt

    from django.utils import timezone

    from cartnav.accounts.models import User
    from cartnav.catalog.models import Product
    from cartnav.custody import isbt128, services
    from cartnav.custody.models import ManufacturingSite, TherapyOrder
    from cartnav.patients.models import Case

    site = ManufacturingSite.objects.create(
        name="bench site", maker="bench", city="-", slots_per_week=500, source="bench"
    )
    product = Product.objects.get(slug="axi-cel-cn")
    site.products.add(product)
    coordinator = User.objects.get(username="coord.shanghai")
    week = services.monday(timezone.localdate() + dt.timedelta(days=8))
    cases = list(Case.objects.exclude(therapy_orders__isnull=False).order_by("number")[:1000])
    TherapyOrder.objects.bulk_create(
        TherapyOrder(
            case=case,
            product=product,
            site=site,
            coi=isbt128.build_coi("G1234", "26", f"{n + 100000:06d}").data_content,
            apheresis=week - dt.timedelta(days=1),
            slot_week=week,
        )
        for n, case in enumerate(cases)
    )
    big = TherapyOrder.objects.filter(case__hospital__slug="zhongshan").order_by("coi").first()
    assert big is not None
    for n in range(200):
        din = isbt128.build_din("G1234", "26", f"{n + 1:06d}")
        services.record_event(
            None,
            big,
            "collection",
            place="Apheresis unit",
            identifiers={"coi": services.label_coi(big), "din": f"{din.data_content}{din.flag}"},
            fields={"volume_ml": 50.0, "operator": "bench"},
            by=coordinator,
        )
    in_flight = TherapyOrder.objects.filter(case__hospital__slug="zhongshan").count()
    print(
        f"workload: {TherapyOrder.objects.count():,} products in flight ({in_flight:,} at the "
        f"coordinator's hospital), one with 200 custody events; {RUNS} requests per page "
        f"({PDF_RUNS} for the PDF), in process, as the demo coordinator"
    )
    client = staff_client(coordinator)
    pages = [
        ("smallest audited read  /api/v1/cases/{id}", f"/api/v1/cases/{big.case_id}", RUNS),
        ("tracker                /custody/", "/custody/", RUNS),
        ("product with 200 events /cases/{id}/product/", f"/cases/{big.case_id}/product/", RUNS),
        ("custody report PDF (200 events)", f"/cases/{big.case_id}/product/custody.pdf", PDF_RUNS),
    ]
    results = {}
    for label, url, runs in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(runs):
            start = time.process_time()
            client.get(url)
            times.append(time.process_time() - start)
        results[label] = statistics.median(times)
    base = results[pages[0][0]]
    print(f"{'page':48} {'median ms':>10} {'x read':>7}")
    for label, median in results.items():
        print(f"{label:48} {median * 1000:10.2f} {median / base:7.2f}")
    worst_page = max(results[label] for label, _u, _r in pages[1:3]) / base
    print(
        f"target (issue 13): tracker and product page within 2x the smallest audited read: "
        f"worst {worst_page:.2f}x; the report PDF takes {results[pages[3][0]]:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
