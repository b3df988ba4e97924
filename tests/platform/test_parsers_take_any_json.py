"""Every parser of outside input, fed arbitrary JSON: it answers with a result or with its own
clear error naming what is wrong — never with any other exception (which would be a 500).

The documents are built from the parser's own field names (so the values reach the checks
behind them), with values of every JSON kind, nested, and sometimes absurd.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartnav.clinical.contract import KINDS, grade
from cartnav.clinical.units import ClinicalInputError
from cartnav.core import safe_json
from cartnav.eligibility.ctgov import StudyFormatError, parse_studies
from cartnav.eligibility.profile import _KNOWN as PROFILE_FIELDS
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.patients.services import EDITABLE_PATIENT_FIELDS
from cartnav.records import fhir
from tests.cast import Cast

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "2024-01-01", "1800-01-01", "mg/dL", "10*9/L", "Cel", "DLBCL", "C83.3"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
GRADING_FIELDS = [
    "temperature",
    "fever_masked",
    "hypotension",
    "vasopressors",
    "vasopressin",
    "oxygen_device",
    "oxygen_flow",
    "death_from_crs",
    "age_years",
    "ice",
    "capd",
    "consciousness",
    "seizure",
    "motor_weakness",
    "raised_icp",
    "death_from_icans",
    "baseline",
    "current",
    "creatinine",
    "uric_acid",
    "potassium",
    "phosphate",
    "calcium",
    "arrhythmia",
    "platelets",
    "anc",
    "hemoglobin",
    "crp",
    "ferritin",
    "ldh",
    "value",
    "unit",
    "total",
    "disease",
    "death_from_tls",
]
FHIR_KEYS = [
    "resourceType",
    "type",
    "entry",
    "resource",
    "code",
    "coding",
    "system",
    "valueQuantity",
    "valueInteger",
    "valueCodeableConcept",
    "birthDate",
    "gender",
    "name",
    "identifier",
    "effectivePeriod",
    "status",
    "medicationCodeableConcept",
    "category",
    "id",
]
FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def documents(keys: list[str] | set[str]) -> st.SearchStrategy[Any]:
    named = st.dictionaries(st.sampled_from(sorted(keys)), JSON, max_size=8)
    return named | JSON


@FAST
@given(documents(PROFILE_FIELDS))
def test_the_screening_profile(data: Any) -> None:
    try:
        PatientProfile.from_dict(data)
    except ProfileError as exc:
        assert exc.field and exc.message


@FAST
@given(st.sampled_from(KINDS), documents(GRADING_FIELDS))
def test_the_grading_contract(kind: str, data: Any) -> None:
    try:
        grade(kind, data)
    except ClinicalInputError as exc:
        assert exc.field is not None or str(exc)


BUNDLES = st.fixed_dictionaries(
    {"resourceType": st.just("Bundle"), "type": st.just("collection")},
    optional={
        "entry": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "resource": st.dictionaries(st.sampled_from(FHIR_KEYS), JSON, max_size=6)
                    | st.sampled_from(
                        [
                            {"resourceType": "Patient", "birthDate": "1970-01-01"},
                            {"resourceType": "Observation", "status": "final"},
                        ]
                    )
                },
            ),
            max_size=5,
        )
    },
)


@FAST
@given(BUNDLES | documents(FHIR_KEYS))
def test_a_fhir_bundle(data: Any) -> None:
    try:
        fhir.preview(data, repair_ids=True)
    except fhir.BundleError as exc:
        assert exc.issues and all(i["path"] and i["message"] for i in exc.issues)


@FAST
@given(st.binary(max_size=200) | JSON.map(lambda v: json.dumps(v).encode()))
def test_a_fhir_file_of_any_bytes(raw: bytes) -> None:
    try:
        fhir.preview(raw)
    except fhir.BundleError as exc:
        assert exc.issues


@FAST
@given(st.binary(max_size=300))
def test_json_from_outside(raw: bytes) -> None:
    try:
        safe_json.loads(raw)
    except safe_json.JSONRefused as exc:
        assert str(exc)


@FAST
@given(documents({"protocolSection", "studies", "identificationModule", "nctId"}))
def test_a_trial_registry_record(data: Any) -> None:
    try:
        for _path, parsed in parse_studies(data):
            assert isinstance(parsed, StudyFormatError) or parsed.nct_id
    except StudyFormatError as exc:
        assert str(exc)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=documents(set(EDITABLE_PATIENT_FIELDS)))
def test_patient_fields_over_the_api(cast: Cast, data: Any) -> None:
    client: Client = cast.client("cora")
    response = client.patch(
        f"/api/v1/patients/{cast.ana.pk}", json.dumps(data), content_type="application/json"
    )
    assert response.status_code in (200, 400, 422), response.content
    body = response.json()
    if response.status_code != 200:
        assert body["detail"]


LINE_FIELDS = ["regimen", "drugs", "drug_classes", "start", "end", "best_response"]


@FAST
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "lines": st.lists(documents(LINE_FIELDS), max_size=3) | JSON,
            "hbv_dna": documents(["value", "unit", "date"]),
            "refractory_to": st.lists(st.text(max_size=30) | JSON, max_size=3),
            "cns_disease": JSON | st.sampled_from(["none", "primary", "secondary"]),
            "cns_involvement": JSON,
            "transplant": st.sampled_from(["none", "autologous"]) | JSON,
            "transplant_date": st.just("2025-01-01") | JSON,
            "hbv_dna_detectable": JSON,
        },
    )
)
def test_the_facts_that_decide_candidacy(data: Any) -> None:
    """Issue 11's facts, nested as they come: a profile or a clear error, nothing else."""
    try:
        profile = PatientProfile.from_dict(data)
    except ProfileError as exc:
        assert exc.field and exc.message
    else:
        # the derived facts answer for any profile the parser accepts
        for name in (
            "drug_classes",
            "relapsed_or_refractory",
            "hbv_active",
            "hbv_infection",
            "primary_cns_lymphoma",
        ):
            assert getattr(profile, name) in (None, True, False) or name == "drug_classes"
