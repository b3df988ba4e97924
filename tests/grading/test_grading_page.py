from __future__ import annotations

from typing import Any

from tests.cast import Cast

#: A TLS form with two laboratory abnormalities on day 2 (uric acid and potassium high).
TLS_TWO_ABNORMALITIES = {
    "age_years": "61",
    "day_relative_to_therapy": "2",
    "current__uric_acid": "9.0",
    "current__uric_acid__unit": "mg/dL",
    "current__potassium": "6.5",
    "current__potassium__unit": "mmol/L",
}


def test_the_page_grades_as_the_clinician_types(cast: Cast) -> None:
    client = cast.client("nils")
    assert client.get("/grade/crs/").status_code == 200
    response = client.post(
        "/grade/crs/",
        {
            "temperature": "39.5",
            "temperature__unit": "Cel",
            "vasopressors": "1",
            "oxygen_device": "low_flow_nasal_cannula",
            "oxygen_flow": "3",
            "oxygen_flow__unit": "L/min",
            "hypotension": "yes",
            "fever_masked": "no",
            "vasopressin": "no",
            "death_from_crs": "no",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert '<strong id="grade-value">3</strong>' in html
    assert "ASTCT 2019" in html
    assert "reference" in html.lower() and "tocilizumab" in html.lower()
    assert "<html" not in html  # HTMX gets only the result fragment


def test_fahrenheit_is_converted_and_a_blank_field_is_missing_not_no(cast: Cast) -> None:
    client = cast.client("nils")
    html = client.post(
        "/grade/crs/",
        {"temperature": "98.6", "temperature__unit": "[degF]", "fever_masked": "no"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<strong id="grade-value">0</strong>' in html  # 37 °C and fever not masked: no CRS
    html = client.post(
        "/grade/crs/",
        {"temperature": "101", "temperature__unit": "[degF]", "fever_masked": "no"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="grade-value">unknown<' in html
    assert "hypotension" in html


def test_an_impossible_value_is_refused_with_the_field_named(cast: Cast) -> None:
    html = (
        cast.client("nils")
        .post(
            "/grade/crs/", {"temperature": "60", "temperature__unit": "Cel"}, HTTP_HX_REQUEST="true"
        )
        .content.decode()
    )
    assert 'id="grade-error"' in html and "temperature" in html


def test_patients_and_analysts_do_not_use_the_grading_page(cast: Cast) -> None:
    assert cast.client("ana").get("/grade/").status_code == 403
    assert cast.client("ali").get("/grade/").status_code == 403


def test_the_page_speaks_chinese(cast: Cast) -> None:
    client = cast.client("nils")
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/grade/"})
    html = client.get("/grade/icans/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "意识" in html


def _crs_with_weight(client: Any, weight: str) -> str:
    return client.post(
        "/grade/crs/",
        {
            "temperature": "39.5",
            "temperature__unit": "Cel",
            "fever_masked": "no",
            "hypotension": "yes",
            "vasopressors": "0",
            "vasopressin": "no",
            "oxygen_device": "room_air",
            "death_from_crs": "no",
            "weight_kg": weight,
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()


def test_a_body_weight_works_out_the_tocilizumab_dose(cast: Cast) -> None:
    client = cast.client("nils")
    assert "For 70 kg: 560 mg." in _crs_with_weight(client, "70")
    assert "For 20 kg: 240 mg." in _crs_with_weight(client, "20")  # 12 mg/kg under 30 kg
    assert "For 120 kg: 800 mg (capped at 800 mg)." in _crs_with_weight(client, "120")
    without = _crs_with_weight(client, "")
    assert "Tocilizumab 8 mg/kg" in without and " kg: " not in without
    assert '<strong id="grade-value">2</strong>' in _crs_with_weight(
        client, "70"
    )  # grade unchanged


def test_an_impossible_body_weight_is_refused(cast: Cast) -> None:
    client = cast.client("nils")
    refused = _crs_with_weight(client, "900")
    assert 'id="grade-error"' in refused and "body weight" in refused
    assert 'id="grade-error"' in _crs_with_weight(client, "heavy")


def test_the_tls_page_grades_a_death_with_laboratory_tls_as_five(cast: Cast) -> None:
    client = cast.client("nils")
    page = client.get("/grade/tls/").content.decode()
    assert 'name="death_from_tls"' in page
    html = client.post(
        "/grade/tls/",
        {**TLS_TWO_ABNORMALITIES, "death_from_tls": "yes"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<strong id="grade-value">5</strong>' in html
    assert "death due to clinical TLS: grade 5" in html


def test_the_tls_page_answers_howard_with_laboratory_and_clinical_tls_and_no_grade(
    cast: Cast,
) -> None:
    client = cast.client("nils")
    page = client.get("/grade/tls/").content.decode()
    for name in (
        "baseline__creatinine",
        "current__ionized_calcium",
        "uric_acid_uln",
        "oliguria",
        "symptomatic_hypocalcemia",
    ):
        assert f'name="{name}"' in page
    html = client.post(
        "/grade/tls/",
        {**TLS_TWO_ABNORMALITIES, "rule": "howard_2011", "oliguria": "yes"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<strong id="grade-value">—</strong> (Howard 2011 has no grade table)' in html
    assert '<strong id="laboratory-tls">yes</strong>' in html
    assert '<strong id="clinical-tls">yes</strong>' in html
    assert "oliguria (&lt; 0.5 mL/kg/h for 6 h)" in html


def test_the_cairo_bishop_page_shows_laboratory_and_clinical_tls_beside_the_grade(
    cast: Cast,
) -> None:
    html = (
        cast.client("nils")
        .post(
            "/grade/tls/",
            {
                "age_years": "61",
                "day_relative_to_therapy": "2",
                "current__uric_acid": "9.0",
                "current__uric_acid__unit": "mg/dL",
                "current__potassium": "6.5",
                "current__potassium__unit": "mmol/L",
            },
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert 'id="grade-value">unknown<' in html
    assert '<strong id="laboratory-tls">yes</strong>' in html
    assert '<strong id="clinical-tls">unknown</strong>' in html


def test_the_icans_page_takes_an_intracranial_haemorrhage(cast: Cast) -> None:
    form = {
        "age_years": "40",
        "ice__orientation": "4",
        "ice__naming": "3",
        "ice__commands": "1",
        "ice__writing": "1",
        "ice__attention": "1",
        "consciousness": "alert",
        "seizure": "none",
        "motor_weakness": "no",
        "raised_icp": "diffuse_edema_on_imaging",
        "death_from_icans": "no",
    }
    client = cast.client("nils")
    oedema = client.post("/grade/icans/", form, HTTP_HX_REQUEST="true").content.decode()
    assert '<strong id="grade-value">4</strong>' in oedema
    bleed = client.post(
        "/grade/icans/", {**form, "intracranial_hemorrhage": "yes"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert '<strong id="grade-value">0</strong>' in bleed
    assert "intracranial haemorrhage recorded" in bleed


def test_the_hematotox_page_warns_outside_large_b_cell_lymphoma(cast: Cast) -> None:
    form = {
        "anc": "1.2",
        "anc__unit": "10*9/L",
        "hemoglobin": "12",
        "hemoglobin__unit": "g/dL",
        "platelets": "200",
        "platelets__unit": "10*9/L",
        "crp": "1",
        "crp__unit": "mg/dL",
        "ferritin": "300",
        "ferritin__unit": "ng/mL",
    }
    client = cast.client("nils")
    assert '<option value="MM">' in client.get("/grade/hematotox/").content.decode()
    lbcl = client.post(
        "/grade/hematotox/", {**form, "disease": "DLBCL"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert '<strong id="grade-value">1</strong>' in lbcl  # ANC exactly 1.2 takes the point
    assert "validated in relapsed/refractory large B-cell lymphoma" not in lbcl
    myeloma = client.post(
        "/grade/hematotox/", {**form, "disease": "MM"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "validated in relapsed/refractory large B-cell lymphoma" in myeloma
