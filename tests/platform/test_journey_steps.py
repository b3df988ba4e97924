"""The patient home shows the journey: steps done, the current one, those to come."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.utils import translation

from cartnav.patients.stages import JOURNEY, Stage
from tests.cast import Cast

STEPS = re.compile(r'<li class="(done|current|)">([^<]+)</li>')


def _steps(stage: str) -> list[tuple[str, str]]:
    return STEPS.findall(
        Template("{% load journey %}{% journey stage %}").render(Context({"stage": stage}))
    )


def test_steps_before_the_stage_are_done_and_the_stage_is_current() -> None:
    with translation.override("en"):
        steps = _steps(Stage.APHERESIS)
    assert [label for _, label in steps] == [str(s.label) for s in JOURNEY]
    here = JOURNEY.index(Stage.APHERESIS)
    assert [mark for mark, _ in steps] == ["done"] * here + ["current"] + [""] * (
        len(JOURNEY) - here - 1
    )


def test_the_steps_speak_the_persons_language() -> None:
    with translation.override("zh-hans"):
        steps = _steps(Stage.INQUIRY)
    assert steps[0] == ("current", "咨询")
    with translation.override("en"):
        assert _steps(Stage.INQUIRY)[0] == ("current", "Inquiry")


def test_a_case_that_left_the_journey_shows_no_steps() -> None:
    assert _steps(Stage.WITHDRAWN) == []
    assert _steps("no-such-stage") == []


def test_the_patient_home_shows_the_journey_of_her_case(cast: Cast) -> None:
    page = cast.client("ana").get("/me/").content.decode()
    assert '<li class="current">Inquiry</li>' in page
