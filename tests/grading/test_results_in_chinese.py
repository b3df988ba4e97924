"""The grading page explains a result in the reader's language; the API stays in English.

The core writes its sentences in English and keeps their templates (cartnav/clinical/text.py);
the page translates each template from the catalogue and fills it in again.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartnav.clinical import crs, hematotox, icans, tls
from cartnav.clinical.guidance import guidance_for
from cartnav.clinical.text import Text, gettext_noop, localize
from cartnav.clinical.units import ClinicalInputError
from cartnav.grading.forms import FORMS
from tests.cast import Cast
from tests.clinical.strategies import CRS_FIELDS, ICANS_FIELDS, inputs, tls_inputs

CJK = re.compile(r"[\u4e00-\u9fff]")


def _sentences(result: Any) -> list[str]:
    """Every sentence of a result, and the sources that are cartnav's own reading (published
    citations stay as published)."""
    choices = [b.source for b in result.basis if isinstance(b.source, Text)]
    return [b.criterion for b in result.basis] + list(result.warnings) + choices


def _assert_all_chinese(sentences: list[str]) -> None:
    with translation.override("zh-hans"):
        for sentence in sentences:
            assert isinstance(sentence, Text), sentence  # every sentence keeps its template
            shown = localize(sentence, gettext)
            assert CJK.search(shown), f"not translated: {sentence!r} -> {shown!r}"
            assert "{" not in shown and "}" not in shown, shown


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        inputs(CRS_FIELDS).map(lambda v: ("crs", v)),
        inputs(ICANS_FIELDS).map(lambda v: ("icans", v)),
        tls_inputs().map(lambda v: ("tls", v)),
    )
)
def test_every_sentence_of_any_result_has_a_chinese_translation(case: tuple[str, Any]) -> None:
    kind, values = case
    grader = {"crs": crs.grade_crs, "icans": icans.grade_icans, "tls": tls.grade_tls}[kind]
    result = grader(**values)
    _assert_all_chinese(_sentences(result))
    _assert_all_chinese([g.text for g in guidance_for(result, weight_kg=70.0)])


def test_the_other_graders_and_the_refusals_are_translated_too() -> None:
    result = hematotox.grade_hematotox(platelets=75.0, anc=0.9, hemoglobin=9.0, crp=5.0)
    _assert_all_chinese(_sentences(result))
    _assert_all_chinese(
        [
            g.text
            for g in guidance_for(
                crs.grade_crs(
                    temperature=39.0,
                    hypotension=True,
                    vasopressors=1,
                    oxygen_device="room_air",
                    fever_masked=False,
                    vasopressin=False,
                    death_from_crs=False,
                ),
                weight_kg=120.0,
            )
        ]
    )
    with pytest.raises(ClinicalInputError) as refused:
        crs.grade_crs(temperature=60.0)
    _assert_all_chinese([refused.value.message])


def test_a_text_is_its_english_sentence_for_everything_else() -> None:
    text = gettext_noop("temperature {t:g} °C ≥ 38.0 °C: fever", t=39.5)
    assert text == "temperature 39.5 °C ≥ 38.0 °C: fever"
    assert {"criterion": text} == {"criterion": "temperature 39.5 °C ≥ 38.0 °C: fever"}
    assert localize("plain", gettext) == "plain"


def test_a_text_keeps_its_template_through_a_copy() -> None:
    # copy and pickle rebuild a str subclass through the same __reduce_ex__ protocol
    text = gettext_noop("{finding}: grade {grade}", finding=gettext_noop("no hypoxia"), grade=2)
    for again in (copy.copy(text), copy.deepcopy(text)):
        assert again == text and again.template == text.template
        assert again.params["finding"].template == "no hypoxia"


def test_a_translation_whose_placeholders_do_not_fit_falls_back_to_english() -> None:
    text = gettext_noop("grade {grade}: the most severe domain", grade=3)
    assert localize(text, lambda template: "{grade_typo} 级") == "grade 3: the most severe domain"


CRS_FORM = {
    "temperature": "39.5",
    "temperature__unit": "Cel",
    "vasopressors": "1",
    "oxygen_device": "room_air",
    "hypotension": "yes",
    "fever_masked": "no",
    "vasopressin": "no",
    "death_from_crs": "no",
}


def _in_chinese(cast: Cast) -> Any:
    client = cast.client("nils")
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/grade/"})
    return client


def test_the_chinese_page_explains_the_grade_in_chinese(cast: Cast) -> None:
    html = _in_chinese(cast).post("/grade/crs/", CRS_FORM, HTTP_HX_REQUEST="true").content.decode()
    assert '<strong id="grade-value">3</strong>' in html
    assert "体温 39.5 °C ≥ 38.0 °C：发热" in html
    assert "低血压，需一种血管加压药" in html
    assert "3 级：取低血压与低氧血症中较重者" in html
    assert "托珠单抗" in html  # the guidance
    assert "the more severe" not in html and "Tocilizumab 8 mg/kg" not in html
    assert "<cite>Tocilizumab product label (CRS)</cite>" in html  # citations stay as published


def test_the_chinese_page_names_missing_inputs_and_refusals_in_chinese(cast: Cast) -> None:
    client = _in_chinese(cast)
    html = client.post(
        "/grade/crs/", {"temperature": "39.5", "temperature__unit": "Cel"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    with translation.override("zh-hans"):
        hypotension = next(str(s.label) for s in FORMS["crs"] if s.path == "hypotension")
    assert f"<li>{hypotension}</li>" in html
    refused = client.post(
        "/grade/crs/", {"temperature": "60", "temperature__unit": "Cel"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="grade-error"' in refused
    assert "不可能是存活患者的数值" in refused


def test_the_api_still_answers_in_english(cast: Cast) -> None:
    client = _in_chinese(cast)
    body = client.post(
        "/api/v1/grade/crs",
        {"temperature": {"value": 39.5, "unit": "Cel"}, "fever_masked": False},
        content_type="application/json",
    ).json()
    assert body["basis"][0]["criterion"] == "temperature 39.5 °C ≥ 38.0 °C: fever"
