"""The models' ``get_FOO_display`` methods give the label in the current language."""

from __future__ import annotations

from django.utils import translation

from cartnav.accounts.models import User
from cartnav.patients.models import Case
from cartnav.patients.stages import Stage
from cartnav.records.models import Document


def test_a_known_value_shows_its_label_in_the_active_language() -> None:
    case = Case(stage=Stage.APHERESIS)
    with translation.override("en"):
        assert str(case.get_stage_display()) == "Apheresis"
    with translation.override("zh-hans"):
        assert str(case.get_stage_display()) == "单采"


def test_an_unknown_value_shows_itself_as_django_does() -> None:
    assert Case(stage="no-such-stage").get_stage_display() == "no-such-stage"
    assert Document(kind="").get_kind_display() == ""


def test_every_choice_of_role_has_its_own_label() -> None:
    labels = {
        str(User(role=value).get_role_display())
        for value, _ in User._meta.get_field("role").choices
    }
    assert len(labels) == len(User._meta.get_field("role").choices)
