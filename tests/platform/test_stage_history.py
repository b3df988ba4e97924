from __future__ import annotations

from cartnav.patients.models import StageChange
from tests.cast import Cast


def test_a_coordinator_moves_a_case_and_the_history_keeps_who_when_why(cast: Cast) -> None:
    client = cast.client("cora")
    response = client.post(
        f"/cases/{cast.ana_case.pk}/stage/", {"to_stage": "screening", "reason": "history received"}
    )
    assert response.status_code == 302
    history = client.get(f"/api/v1/cases/{cast.ana_case.pk}/history").json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [
        ("", "inquiry"),
        ("inquiry", "screening"),
    ]
    assert history[-1]["by"] == "cora" and history[-1]["reason"] == "history received"
    page = client.get(f"/cases/{cast.ana_case.pk}/").content.decode()
    assert "history received" in page


def test_an_unknown_stage_or_missing_reason_is_refused_and_changes_nothing(cast: Cast) -> None:
    client = cast.client("cora")
    url = f"/api/v1/cases/{cast.ana_case.pk}/stage"
    bad_stage = client.post(
        url, {"to_stage": "teleported", "reason": "x"}, content_type="application/json"
    )
    assert bad_stage.status_code == 422
    assert "is not a stage of the journey" in bad_stage.json()["detail"]
    no_reason = client.post(url, {"to_stage": "screening"}, content_type="application/json")
    assert no_reason.status_code == 422
    malformed = client.post(url, "{not json", content_type="application/json")
    assert malformed.status_code in (400, 422)
    assert StageChange.objects.filter(case=cast.ana_case).count() == 1
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == "inquiry"


def test_a_nurse_may_read_but_not_move_a_case(cast: Cast) -> None:
    client = cast.client("nils")
    assert client.get(f"/api/v1/cases/{cast.ana_case.pk}").status_code == 200
    response = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/stage",
        {"to_stage": "screening", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert StageChange.objects.filter(case=cast.ana_case).count() == 1


def test_a_patient_cannot_move_their_own_case(cast: Cast) -> None:
    response = cast.client("ana").post(
        f"/cases/{cast.ana_case.pk}/stage/", {"to_stage": "accepted", "reason": "please"}
    )
    assert response.status_code == 403
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == "inquiry"
