"""Issue 13, items 2, 3 and 8 in the database: the apheresis booked only against a free
manufacturing slot (and moved with it), the append-only, keyed custody log with its signatures,
refusals recorded as safety events, the tracker and the patient's plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cartnav.audit.models import AuditRecord
from cartnav.catalog.models import Product
from cartnav.catalog.services import load_products
from cartnav.custody import isbt128, services
from cartnav.custody.models import (
    CustodyEvent,
    EventSignature,
    ManufacturingSite,
    SafetyRecord,
    TherapyOrder,
)
from cartnav.patients.services import ServiceError, holds
from tests.cast import PASSWORD, Cast

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site(cast: Cast) -> ManufacturingSite:
    load_products()
    cast.hospital_a.isbt_fin = "G1234"
    cast.hospital_a.save()
    made = ManufacturingSite.objects.create(
        name="Site One",
        maker="Fosun Kite",
        city="x",
        slots_per_week=1,
        days_to_start=1,
        source="test",
    )
    made.products.set([Product.objects.get(slug="axi-cel-cn")])
    return made


def _book(cast: Cast, site: ManufacturingSite, day: dt.date, case: Any = None) -> TherapyOrder:
    return services.book(
        None,
        case or cast.ana_case,
        product=Product.objects.get(slug="axi-cel-cn"),
        site=site,
        apheresis=day,
        by=cast.users["cora"],
    )


def _din(n: int) -> str:
    din = isbt128.build_din("G1234", "26", f"{n:06d}")
    return f"{din.data_content}{din.flag}"


def test_a_booking_takes_a_slot_and_a_full_week_is_refused_naming_the_next(
    cast: Cast, site: ManufacturingSite
) -> None:
    day = timezone.localdate() + dt.timedelta(days=14)
    order = _book(cast, site, day)
    assert order.coi.startswith("CHG1234") and len(order.coi) == 15
    assert isbt128.parse(services.label_coi(order)).valid
    assert order.slot_week == services.monday(day + dt.timedelta(days=1))
    assert holds("apheresis_booked", cast.ana_case)
    with pytest.raises(
        ServiceError, match=r"no free manufacturing slot in the week of .*; the next is the week of"
    ):
        _book(cast, site, day, cast.ben_case)
    assert TherapyOrder.objects.count() == 1
    assert AuditRecord.objects.filter(action="book_apheresis").exists()


def test_moving_the_apheresis_moves_its_slot_or_is_refused(
    cast: Cast, site: ManufacturingSite
) -> None:
    day = timezone.localdate() + dt.timedelta(days=14)
    mine = _book(cast, site, day)
    theirs = _book(cast, site, day + dt.timedelta(days=7), cast.ben_case)
    with pytest.raises(ServiceError, match="no free manufacturing slot"):
        services.move(None, mine, day + dt.timedelta(days=7))
    mine.refresh_from_db()
    assert mine.apheresis == day  # unchanged
    moved = services.move(None, mine, day + dt.timedelta(days=14))
    assert moved.slot_week == services.monday(day + dt.timedelta(days=15))
    assert theirs.slot_week != moved.slot_week


def test_no_booking_without_the_hospital_s_fin(cast: Cast, site: ManufacturingSite) -> None:
    cast.hospital_a.isbt_fin = ""
    cast.hospital_a.save()
    with pytest.raises(ServiceError, match="ISBT 128 FIN"):
        _book(cast, site, timezone.localdate() + dt.timedelta(days=14))


def _collect(cast: Cast, order: TherapyOrder, din: str, **kw: Any) -> CustodyEvent:
    return services.record_event(
        None,
        order,
        "collection",
        place="Apheresis unit",
        identifiers={"coi": kw.pop("coi", services.label_coi(order)), "din": din},
        fields={"volume_ml": 180.0, "operator": "Nurse Li"},
        by=cast.users["nils"],
        **kw,
    )


def test_the_log_is_ordered_signed_keyed_and_tamper_evident(
    cast: Cast, site: ManufacturingSite
) -> None:
    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    first = _collect(cast, order, _din(1))
    assert first.seq == 1 and first.prev_digest == "0" * 64 and len(first.digest) == 64
    with pytest.raises(ServiceError, match="must come first"):
        services.record_event(
            None, order, "thaw", place="ward", identifiers={"din": _din(1)}, by=cast.users["nils"]
        )
    assert CustodyEvent.objects.count() == 1
    for kind, fields in (
        ("shipment_out", {"courier": "World Courier", "shipper_id": "DS-1", "logger_id": "L-9"}),
        ("receipt_manufacturing", {}),
        ("manufacturing_start", {}),
    ):
        services.record_event(None, order, kind, place="site", fields=fields, by=cast.users["cora"])
    release = {
        "lot": "L001",
        "dose": "2 x 10^6 cells/kg",
        "expiry": dt.date(2027, 6, 1),
        "certificate_document": "a" * 64,
    }
    with pytest.raises(ServiceError, match="password"):
        services.record_event(
            None,
            order,
            "release",
            place="QA",
            fields=release,
            by=cast.users["phil"],
            signers=[services.SignatureIn(cast.users["phil"], "wrong", "released")],
        )
    assert SafetyRecord.objects.filter(kind="signature").count() == 1
    event = services.record_event(
        None,
        order,
        "release",
        place="QA",
        fields=release,
        by=cast.users["phil"],
        signers=[services.SignatureIn(cast.users["phil"], PASSWORD, "released")],
    )
    signature = EventSignature.objects.get(event=event)
    assert signature.meaning == "released" and signature.content_hash == event.content_hash
    assert services.verify(order) == []
    CustodyEvent.objects.filter(pk=first.pk).update(
        fields={"volume_ml": 999.0, "operator": "Nurse Li"}
    )
    assert any("event 1" in p for p in services.verify(order))
    with pytest.raises(RuntimeError):
        event.delete()


def test_a_bag_of_another_therapy_is_a_safety_event_and_writes_nothing(
    cast: Cast, site: ManufacturingSite
) -> None:
    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    other = isbt128.build_coi("G1234", "26", "999999")
    with pytest.raises(ServiceError, match="not this patient's order"):
        _collect(cast, order, _din(1), coi=f"&/{other.data_content}{other.check_character}")
    assert not CustodyEvent.objects.exists()
    record = SafetyRecord.objects.get()
    assert record.kind == "collection"
    with pytest.raises(ServiceError):
        _collect(cast, order, "G123426000001XX")  # a mistyped DIN: refused, not a safety event
    assert SafetyRecord.objects.count() == 1


def test_the_pages_for_staff_and_the_patient(cast: Cast, site: ManufacturingSite) -> None:
    url = f"/cases/{cast.ana_case.pk}/product/"
    cora = cast.client("cora")
    day = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    response = cora.post(
        url, {"action": "book", "product": "axi-cel-cn", "site": str(site.pk), "apheresis": day}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    order = TherapyOrder.objects.get()
    nils = cast.client("nils")
    posted = nils.post(
        url,
        {
            "action": "event",
            "kind": "collection",
            "place": "Apheresis unit",
            "coi": services.label_coi(order),
            "din": _din(1),
            "volume_ml": "180",
            "operator": "Nurse Li",
        },
    )
    assert posted.status_code == 302
    refused = nils.post(url, {"action": "event", "kind": "thaw", "place": "ward", "din": _din(1)})
    assert refused.status_code == 422 and "must come first" in refused.content.decode()
    assert (
        cast.client("ana")
        .post(url, {"action": "event", "kind": "collection", "place": "x"})
        .status_code
        == 403
    )
    assert cast.client("dan").get(url).status_code == 404
    patient = cast.client("ana").get(url).content.decode()
    assert 'data-kind="collection"' in patient and "Your cells were collected" in patient
    assert order.coi not in patient  # the identifiers are staff's business
    tracker = cora.get("/custody/").content.decode()
    assert cast.ana_case.number in tracker
    assert cast.client("dan").get("/custody/").content.decode().count(cast.ana_case.number) == 0
    certificate = SimpleUploadedFile("release.pdf", PDF, content_type="application/pdf")
    for kind, extra in (
        ("shipment_out", {"courier": "WC", "shipper_id": "DS-1", "logger_id": "L-9"}),
        ("receipt_manufacturing", {}),
        ("manufacturing_start", {}),
    ):
        assert (
            cast.client("cora")
            .post(url, {"action": "event", "kind": kind, "place": "site", **extra})
            .status_code
            == 302
        )
    released = cast.client("phil").post(
        url,
        {
            "action": "event",
            "kind": "release",
            "place": "QA",
            "lot": "L1",
            "dose": "2e6/kg",
            "expiry": "2027-06-01",
            "certificate": certificate,
            "meaning": "released",
            "password": PASSWORD,
        },
    )
    assert released.status_code == 302
    event = CustodyEvent.objects.get(kind="release")
    assert event.fields["certificate_document"] == cast.ana_case.documents.get().sha256


def thawed(cast: Cast, site: ManufacturingSite) -> TherapyOrder:
    """An order carried through to the thaw of bag 1, by the services the pages use."""
    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    _collect(cast, order, _din(1))
    steps: list[tuple[str, dict[str, Any], list[Any]]] = [
        ("shipment_out", {"courier": "WC", "shipper_id": "DS-1", "logger_id": "L-9"}, []),
        ("receipt_manufacturing", {}, []),
        ("manufacturing_start", {}, []),
        (
            "release",
            {
                "lot": "L1",
                "dose": "2e6/kg",
                "expiry": dt.date(2027, 6, 1),
                "certificate_document": "b" * 64,
            },
            [services.SignatureIn(cast.users["phil"], PASSWORD, "released")],
        ),
        ("shipment_return", {"courier": "WC", "shipper_id": "DS-2", "logger_id": "L-10"}, []),
        ("receipt_site", {"location": "Cell lab"}, []),
        ("lymphodepletion_start", {}, []),
    ]
    for kind, fields, signers in steps:
        services.record_event(
            None, order, kind, place="x", fields=fields, signers=signers, by=cast.users["phil"]
        )
    services.record_event(
        None,
        order,
        "thaw",
        place="Cell lab",
        identifiers={"coi": services.label_coi(order), "din": _din(1)},
        by=cast.users["nils"],
    )
    return order


def test_the_bedside_match(cast: Cast, site: ManufacturingSite) -> None:
    order = thawed(cast, site)
    url = f"/cases/{cast.ana_case.pk}/product/bedside/"
    nils = cast.client("nils")
    page = nils.get(url).content.decode()
    assert cast.ana.family_name.upper() in page and cast.ana.date_of_birth.isoformat() in page
    good = {
        "wristband": cast.ana_case.number,
        "coi": services.label_coi(order),
        "din": _din(1),
        "place": "Bed 12",
        "password": PASSWORD,
        "second_signer": "phil",
        "second_password": PASSWORD,
    }
    wrong_band = nils.post(url, {**good, "wristband": cast.ben_case.number})
    assert wrong_band.status_code == 422 and 'id="hard-stop"' in wrong_band.content.decode()
    wrong_bag = nils.post(url, {**good, "din": _din(2)})
    assert wrong_bag.status_code == 422 and "not the bag thawed" in wrong_bag.content.decode()
    alone = nils.post(url, {**good, "second_signer": "nils"})
    assert alone.status_code == 422
    assert not CustodyEvent.objects.filter(kind="bedside_check").exists()
    assert SafetyRecord.objects.filter(kind="bedside_check").count() == 2  # the band, the bag
    done = nils.post(url, good)
    assert done.status_code == 302
    check = CustodyEvent.objects.get(kind="bedside_check")
    assert sorted(s.signer.username for s in check.signatures.all()) == ["nils", "phil"]
    assert (
        services.status(order).next_allowed == ("infusion_start",)
        or "infusion_start" in services.status(order).next_allowed
    )
    assert cast.client("ana").get(url).status_code == 403


def test_a_temperature_excursion_quarantines_until_a_physician_decides(
    cast: Cast, site: ManufacturingSite
) -> None:
    from cartnav.custody.models import HandlingRules, TemperatureRecord

    HandlingRules.objects.create(
        product=Product.objects.get(slug="axi-cel-cn"),
        shipping_low_c=-196,
        shipping_high_c=-120,
        source="test range",
    )
    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    _collect(cast, order, _din(1))
    services.record_event(
        None,
        order,
        "shipment_out",
        place="x",
        fields={"courier": "WC", "shipper_id": "DS-1", "logger_id": "L-9"},
        by=cast.users["cora"],
    )
    url = f"/cases/{cast.ana_case.pk}/product/"
    rows = ["time,temperature"] + [
        f"2027-01-0{1 + i // 24}T{i % 24:02d}:00:00Z,{-150 if i != 10 else -100}" for i in range(30)
    ]
    bad_rows = ["time,temperature", "2027-01-01T00:00:00Z,-150", "2027-01-01T01:00:00Z,cold"]
    bad = cast.client("cora").post(
        url,
        {
            "action": "event",
            "kind": "receipt_manufacturing",
            "place": "site",
            "logger": SimpleUploadedFile(
                "bad.csv", "\n".join(bad_rows).encode(), content_type="text/csv"
            ),
        },
    )
    assert bad.status_code == 422 and "row 3" in bad.content.decode()
    assert not CustodyEvent.objects.filter(kind="receipt_manufacturing").exists()
    good = cast.client("cora").post(
        url,
        {
            "action": "event",
            "kind": "receipt_manufacturing",
            "place": "site",
            "logger": SimpleUploadedFile(
                "log.csv", "\n".join(rows).encode(), content_type="text/csv"
            ),
        },
    )
    assert good.status_code == 302, good.content.decode().split("<main")[1][:1500]
    record = TemperatureRecord.objects.get()
    assert len(record.report["excursions"]) == 1 and record.points
    assert services.status(order).quarantined
    page = cast.client("cora").get(url).content.decode()
    assert 'class="trace"' in page and 'id="quarantined"' in page
    with pytest.raises(ServiceError, match="quarantine"):
        services.record_event(None, order, "manufacturing_start", place="x", by=cast.users["cora"])
    decision = {
        "action": "event",
        "kind": "quarantine_decision",
        "place": "QA",
        "decision": "released",
        "reason": "10 minutes at -100 °C: within the maker's allowance",
        "meaning": "released",
        "password": PASSWORD,
    }
    assert cast.client("cora").post(url, decision).status_code == 422  # not a physician
    assert cast.client("phil").post(url, decision).status_code == 302
    assert not services.status(order).quarantined
    services.record_event(None, order, "manufacturing_start", place="x", by=cast.users["cora"])


def test_the_infusion_waits_for_the_clocks_or_a_physician_s_decision(
    cast: Cast, site: ManufacturingSite
) -> None:
    from cartnav.custody.models import HandlingRules

    order = thawed(cast, site)
    url = f"/cases/{cast.ana_case.pk}/product/"
    services.record_event(
        None,
        order,
        "bedside_check",
        place="Bed 12",
        identifiers={"coi": services.label_coi(order), "din": _din(1)},
        signers=[
            services.SignatureIn(cast.users["nils"], PASSWORD, "verified"),
            services.SignatureIn(cast.users["phil"], PASSWORD, "verified"),
        ],
        by=cast.users["nils"],
    )
    start = {
        "action": "event",
        "kind": "infusion_start",
        "place": "Bed 12",
        "coi": services.label_coi(order),
        "din": _din(1),
        "meaning": "administered",
        "password": PASSWORD,
        "tocilizumab_on_hand": "2",
    }
    no_rules = cast.client("phil").post(url, start)
    assert no_rules.status_code == 422 and "no clock rules" in no_rules.content.decode()
    assert 'id="clocks-problem"' in cast.client("phil").get(url).content.decode()
    HandlingRules.objects.create(
        product=order.product,
        shipping_low_c=-196,
        shipping_high_c=-120,
        source="test",
        clocks={
            "thaw_to_infusion_minutes": 120,
            "tocilizumab_doses_on_hand": 2,
            "source": "test label",
        },
    )
    page = cast.client("phil").get(url).content.decode()
    assert 'class="clock" data-state="running"' in page  # thawed: the thaw-to-infusion clock runs
    late = timezone.now() + dt.timedelta(hours=3)  # three hours after the thaw: past 120 min

    def start_infusion(who: str, reason: str = "") -> CustodyEvent:
        return services.record_event(
            None,
            order,
            "infusion_start",
            place="Bed 12",
            at=late,
            identifiers={"coi": services.label_coi(order), "din": _din(1)},
            signers=[services.SignatureIn(cast.users[who], PASSWORD, "administered")],
            tocilizumab_on_hand=2,
            decision_reason=reason,
            by=cast.users[who],
        )

    with pytest.raises(ServiceError):
        start_infusion("phil")
    assert SafetyRecord.objects.filter(kind="infusion_start").exists()
    with pytest.raises(ServiceError, match="physician"):
        start_infusion("nils", "the patient was unstable; re-checked")  # a nurse cannot decide
    event = start_infusion("phil", "the patient was unstable; cells re-checked")
    assert event.fields["physician_decision"].startswith("the patient was unstable")


def test_the_custody_report_pdf(cast: Cast, site: ManufacturingSite) -> None:
    import io

    from pypdf import PdfReader

    order = thawed(cast, site)
    _collect_fail = SafetyRecord.objects.create(
        order=order, kind="collection", reason="wrong bag scanned", by=cast.users["nils"]
    )
    response = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/product/custody.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert services.label_coi(order) in text and "release" in text and "thaw" in text
    assert "The log verifies" in text and "wrong bag scanned" in text
    assert "released" in text  # the release signature and its meaning
    assert (
        cast.client("ana").get(f"/cases/{cast.ana_case.pk}/product/custody.pdf").status_code == 403
    )
    assert _collect_fail.pk


def test_the_journey_waits_for_a_released_product_and_the_bedside_check(
    cast: Cast, site: ManufacturingSite
) -> None:
    assert not holds("product_released", cast.ana_case) and not holds(
        "bedside_checked", cast.ana_case
    )
    order = thawed(cast, site)
    assert holds("product_released", cast.ana_case) and not holds("bedside_checked", cast.ana_case)
    services.record_event(
        None,
        order,
        "bedside_check",
        place="Bed 12",
        identifiers={"coi": services.label_coi(order), "din": _din(1)},
        signers=[
            services.SignatureIn(cast.users["nils"], PASSWORD, "verified"),
            services.SignatureIn(cast.users["phil"], PASSWORD, "verified"),
        ],
        by=cast.users["nils"],
    )
    assert holds("bedside_checked", cast.ana_case)
    from cartnav.patients.journey import find

    assert find("lymphodepletion", "infusion").needs == ("product_released", "bedside_checked")


def test_the_labels_carry_both_codes_and_the_eye_readable_identifiers(
    cast: Cast, site: ManufacturingSite
) -> None:
    import io

    from pypdf import PdfReader

    from cartnav.custody.labels import labels

    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    _collect(cast, order, _din(1))
    _collect(cast, order, _din(2))
    made = labels(order)
    assert [label["kind"] for label in made] == ["coi", "din", "din"]
    assert made[1]["eye"] == "G1234 26 000001 " + isbt128.check_character("G123426000001")
    assert all(label["code128"].startswith("data:image/svg+xml;base64,") for label in made)
    response = cast.client("nils").get(f"/cases/{cast.ana_case.pk}/product/labels.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    text = "".join(page.extract_text() for page in reader.pages)
    assert (
        made[2]["eye"] in text and isbt128.parse(services.label_coi(order)).eye_readable() in text
    )
    assert cast.ana.family_name.upper() in text
    assert (
        cast.client("ana").get(f"/cases/{cast.ana_case.pk}/product/labels.pdf").status_code == 403
    )


def test_the_api_reads_the_log_and_records_an_event(cast: Cast, site: ManufacturingSite) -> None:
    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    url = f"/api/v1/cases/{cast.ana_case.pk}/product"
    body = {
        "kind": "collection",
        "place": "Apheresis unit",
        "coi": services.label_coi(order),
        "din": _din(1),
        "fields": {"volume_ml": 180.0, "operator": "Nurse Li"},
    }
    made = cast.client("nils").post(f"{url}/events", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["events"][0]["kind"] == "collection"
    early = cast.client("nils").post(
        f"{url}/events",
        {"kind": "thaw", "place": "lab", "din": _din(1)},
        content_type="application/json",
    )
    assert early.status_code == 422 and "must come first" in early.json()["detail"]
    release = {
        "kind": "release",
        "place": "QA",
        "fields": {
            "lot": "L1",
            "dose": "d",
            "expiry": "2027-06-01",
            "certificate_document": "c" * 64,
        },
        "signers": [{"username": "phil", "password": "wrong", "meaning": "released"}],
    }
    for kind in ("shipment_out", "receipt_manufacturing", "manufacturing_start"):
        fields = (
            {"courier": "WC", "shipper_id": "S", "logger_id": "L"} if kind == "shipment_out" else {}
        )
        assert (
            cast.client("cora")
            .post(
                f"{url}/events",
                {"kind": kind, "place": "x", "fields": fields},
                content_type="application/json",
            )
            .status_code
            == 201
        )
    refused = cast.client("phil").post(f"{url}/events", release, content_type="application/json")
    assert refused.status_code == 422 and "password" in refused.json()["detail"]
    assert cast.client("ana").get(url).status_code == 403
    assert cast.client("dan").get(url).status_code == 404
    listed = cast.client("cora").get(url).json()
    assert listed["coi"] == services.label_coi(order) and len(listed["events"]) == 4


def test_the_tracker_and_the_product_page_read_a_fixed_number_of_queries(
    cast: Cast, site: ManufacturingSite
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site.slots_per_week = 100
    site.save()
    order = _book(cast, site, timezone.localdate() + dt.timedelta(days=14))
    _collect(cast, order, _din(1))  # with no event yet, Django skips the prefetch queries
    cora = cast.client("cora")

    def count(url: str) -> int:
        cora.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert cora.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/custody/", f"/cases/{cast.ana_case.pk}/product/"]
    before = [count(u) for u in urls]
    for n in range(2, 8):
        _collect(cast, order, _din(n))
    _book(cast, site, timezone.localdate() + dt.timedelta(days=14), cast.ben_case)
    assert [count(u) for u in urls] == before
