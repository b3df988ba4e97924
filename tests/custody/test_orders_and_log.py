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
