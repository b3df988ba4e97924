"""Ward values from other systems: FHIR R4 resources and bundles, and a monitor's CSV export —
all or nothing, the refused entry named, what is not charted listed; arbitrary input never
raises anything but a clear refusal."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartnav.clinical.units import ClinicalInputError
from cartnav.ward import imports, services
from cartnav.ward.models import Dose, Observation
from tests.cast import Cast

NOW = dt.datetime(2027, 3, 2, 8, 0, tzinfo=dt.UTC)


def loinc(code: str) -> dict[str, Any]:
    return {"coding": [{"system": "http://loinc.org", "code": code}]}


def obs(code: str, value: float, unit: str, at: str = "2027-03-02T08:00:00Z") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": loinc(code),
        "effectiveDateTime": at,
        "valueQuantity": {
            "value": value,
            "unit": unit,
            "system": "http://unitsofmeasure.org",
            "code": unit,
        },
    }


def blood_pressure(sys: float, dia: float) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": loinc("85354-9"),
        "effectiveDateTime": "2027-03-02T08:00:00Z",
        "component": [
            {"code": loinc("8480-6"), "valueQuantity": {"value": sys, "code": "mm[Hg]"}},
            {"code": loinc("8462-4"), "valueQuantity": {"value": dia, "code": "mm[Hg]"}},
        ],
    }


def toci(mg: float, at: str = "2027-03-02T09:00:00Z") -> dict[str, Any]:
    return {
        "resourceType": "MedicationAdministration",
        "status": "completed",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "612865"}]
        },
        "subject": {"reference": "Patient/1"},
        "effectiveDateTime": at,
        "dosage": {"dose": {"value": mg, "unit": "mg", "code": "mg"}},
    }


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [{"resource": r} for r in resources],
    }


def test_a_bundle_of_vital_signs_and_a_dose_is_read() -> None:
    got = imports.from_fhir(
        bundle(
            obs("8310-5", 38.4, "Cel"),
            blood_pressure(88, 50),
            obs("59408-5", 95, "%"),
            obs("751-8", 0.4, "10*9/L"),
            obs("2339-0", 5.5, "mmol/L"),  # glucose: not charted
            toci(560),
        )
    )
    assert got.values == {
        NOW: {
            "temperature": {"value": 38.4, "unit": "Cel"},
            "systolic": {"value": 88, "unit": "mm[Hg]"},
            "diastolic": {"value": 50, "unit": "mm[Hg]"},
            "spo2": {"value": 95, "unit": "%"},
            "anc": {"value": 0.4, "unit": "10*9/L"},
        }
    }
    assert got.doses == [
        {
            "drug": "tocilizumab",
            "given_at": dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC),
            "dose_mg": 560.0,
            "entry": "Bundle.entry[5].resource",
        }
    ]
    assert got.unmapped == [
        {"entry": "Bundle.entry[4].resource", "reason": "LOINC 2339-0 is not charted"}
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (obs("8310-5", 48, "Cel"), "Observation.valueQuantity"),
        (obs("8310-5", 38, "mg"), "Observation.valueQuantity"),
        (
            bundle(obs("8867-4", 80, "/min"), obs("59408-5", 140, "%")),
            "Bundle.entry[1].resource.valueQuantity",
        ),
        (
            {**obs("8310-5", 38, "Cel"), "effectiveDateTime": "2027-03-02T08:00:00"},
            "Observation.effectiveDateTime",
        ),
        ({**obs("8310-5", 38, "Cel"), "status": "nonsense"}, "Observation.status"),
        ({"resourceType": "Bundle", "type": "searchset", "entry": []}, "Bundle.type"),
        ([1, 2], "resourceType"),
    ],
)
def test_a_bad_entry_refuses_the_whole_naming_it(payload: Any, field: str) -> None:
    with pytest.raises(ClinicalInputError) as refused:
        imports.from_fhir(payload)
    assert refused.value.field.startswith(field)


@pytest.mark.django_db
def test_the_api_charts_a_bundle_all_or_nothing(cast: Cast) -> None:
    stay = services.admit(None, cast.ana_case, timezone.now() - dt.timedelta(days=1), weight_kg=70)
    nurse = cast.client("nils")
    url = f"/api/v1/cases/{cast.ana_case.pk}/ward/fhir"
    at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    good = bundle(
        obs("8310-5", 38.4, "Cel", at), blood_pressure(120, 70) | {"effectiveDateTime": at}
    )
    made = nurse.post(url, json.dumps(good), content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json() == {"values": 3, "doses": 0, "unmapped": []}
    assert Observation.objects.filter(stay=stay, source="fhir").count() == 3
    # a fourth tocilizumab dose within 24 hours refuses the whole bundle, values included
    for hours in (20, 12, 4):
        services.give(
            _request(cast, "nils"),
            stay,
            "tocilizumab",
            timezone.now() - dt.timedelta(hours=hours),
            dose_mg=560,
        )
    three = (timezone.now() - dt.timedelta(minutes=30)).isoformat()
    bad = bundle(obs("8867-4", 100, "/min", three), toci(560, three))
    refused = nurse.post(url, json.dumps(bad), content_type="application/json")
    assert refused.status_code == 422
    assert Observation.objects.filter(stay=stay).count() == 3
    assert Dose.objects.filter(stay=stay).count() == 3
    assert "within 24 hours" in refused.json()["detail"]


def _request(cast: Cast, name: str) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = cast.users[name]
    return request


def test_a_monitor_export_is_read_by_time() -> None:
    raw = (
        b"time,code,value,unit\n"
        b"2027-03-02T08:00:00+08:00,temperature,38.2,Cel\n"
        b"2027-03-02T08:00:00+08:00,8867-4,104,/min\n"
        b"2027-03-02T07:45:00+08:00,spo2,96,%\n"
        b"2027-03-02T07:45:00+08:00,oxygen_device,room_air,\n"
        b"\n"
    )
    got = imports.from_monitor_csv(raw)
    assert got.count == 4 and len(got.values) == 2
    eight = dt.datetime(2027, 3, 2, 0, 0, tzinfo=dt.UTC)
    assert got.values[eight]["heart_rate"] == {"value": 104.0, "unit": "/min"}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"when,what\n", "row 1"),
        (b"time,code,value,unit\n2027-03-02T08:00:00+08:00,temperature,hot,Cel\n", "row 2"),
        (b"time,code,value,unit\n2027-03-02T08:00:00,temperature,38,Cel\n", "row 2"),
        (
            b"time,code,value,unit\n2027-03-02T08:00:00Z,temperature,38,Cel\n2027-03-02T08:00:00Z,spo2,120,%\n",
            "row 3",
        ),
        (b"time,code,value,unit\n2027-03-02T08:00:00Z,temperature\n", "row 2"),
        (b"time,code,value,unit\n", "file"),
        ("time,code,value,unit\n".encode("utf-16"), "file"),
    ],
)
def test_a_bad_monitor_row_refuses_the_file_naming_the_row(raw: bytes, field: str) -> None:
    with pytest.raises(ClinicalInputError) as refused:
        imports.from_monitor_csv(raw)
    assert refused.value.field == field


@pytest.mark.django_db
def test_the_api_takes_a_monitor_file(cast: Cast) -> None:
    stay = services.admit(None, cast.ana_case, timezone.now() - dt.timedelta(days=1), weight_kg=70)
    at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    csv = f"time,code,value,unit\n{at},temperature,37.9,Cel\n{at},spo2,91,%\n".encode()
    answer = cast.client("nils").post(
        f"/api/v1/cases/{cast.ana_case.pk}/ward/monitor",
        {"file": SimpleUploadedFile("monitor.csv", csv, "text/csv")},
    )
    assert answer.status_code == 201, answer.content
    assert Observation.objects.filter(stay=stay, source="monitor").count() == 2
    assert stay.alerts.filter(rule="spo2").exists()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {
                "resourceType": st.sampled_from(
                    ["Observation", "Bundle", "MedicationAdministration"]
                )
            },
            optional={
                "code": JSON,
                "valueQuantity": JSON,
                "effectiveDateTime": JSON,
                "entry": JSON,
                "type": JSON,
                "component": JSON,
                "status": JSON,
                "dosage": JSON,
                "medicationCodeableConcept": JSON,
            },
        ),
    )
)
def test_any_json_is_read_or_refused_clearly(payload: Any) -> None:
    with contextlib.suppress(ClinicalInputError):
        imports.from_fhir(payload)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(max_size=300).map(lambda t: ("time,code,value,unit\n" + t).encode())
)
def test_any_bytes_are_read_or_refused_clearly(raw: bytes) -> None:
    with contextlib.suppress(ClinicalInputError):
        imports.from_monitor_csv(raw)
