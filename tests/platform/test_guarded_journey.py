"""Issue 12, item 2: the journey is one table of moves with conditions; anything else is an
override by a physician or an administrator, marked in the history; every move tells the
patient in their language by e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from cartnav.patients import journey, services
from cartnav.patients.models import Case, StageChange
from cartnav.patients.stages import EXITS, JOURNEY, Stage
from cartnav.records.models import Decision, ReviewRequest
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _move(
    cast: Cast, who: str, to: str, *, override: bool = False, case: Case | None = None
) -> Any:
    case = case or cast.ana_case
    return cast.client(who).post(
        f"/api/v1/cases/{case.pk}/stage",
        {"to_stage": to, "reason": "because", "override": override},
        content_type="application/json",
    )


def _put(case: Case, stage: str) -> None:
    Case.objects.filter(pk=case.pk).update(stage=stage)
    case.refresh_from_db()


def test_every_stage_of_the_journey_has_a_way_on_and_exits_are_closed() -> None:
    for stage in JOURNEY[:-1]:
        nxt = JOURNEY[JOURNEY.index(stage) + 1]
        assert journey.find(stage, nxt) is not None, stage
    for stage in EXITS:
        if stage != Stage.MANUFACTURING_FAILURE:  # a new collection may follow
            assert journey.moves_from(stage) == (), stage
    # every move of the table goes to a stage; no move goes backwards along the journey
    for stage, moves in journey.MOVES.items():
        for m in moves:
            if stage in JOURNEY and m.to in JOURNEY:
                assert JOURNEY.index(m.to) > JOURNEY.index(stage), (stage, m.to)


def test_a_coordinator_cannot_skip_from_screening_to_infusion(cast: Cast) -> None:
    """The issue's own example: one click from Screening to "Infusion (day 0)"."""
    _put(cast.ana_case, Stage.SCREENING)
    response = _move(cast, "cora", "infusion")
    assert response.status_code == 422
    assert (
        "Infusion (day 0)" in response.json()["detail"]
        and "Records review" in response.json()["detail"]
    )
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == Stage.SCREENING
    assert not StageChange.objects.filter(case=cast.ana_case, to_stage="infusion").exists()
    # asking for an override does not help a coordinator
    refused = _move(cast, "cora", "infusion", override=True)
    assert refused.status_code == 422
    assert "Only a physician or an administrator" in refused.json()["detail"]
    assert mail.outbox == []


def test_a_physician_overrides_with_a_reason_and_the_history_says_so(cast: Cast) -> None:
    _put(cast.ana_case, Stage.SCREENING)
    without = _move(cast, "phil", "apheresis")
    assert without.status_code == 422  # even a physician must say it is an override
    response = _move(cast, "phil", "apheresis", override=True)
    assert response.status_code == 200, response.content
    change = StageChange.objects.filter(case=cast.ana_case).latest("at")
    assert (change.from_stage, change.to_stage, change.override) == ("screening", "apheresis", True)
    history = cast.client("cora").get(f"/api/v1/cases/{cast.ana_case.pk}/history").json()
    assert history[-1]["override"] is True and history[0]["override"] is False
    page = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/").content.decode()
    assert 'class="badge override"' in page


def test_backwards_is_an_override(cast: Cast) -> None:
    _put(cast.ana_case, Stage.RECORDS_REVIEW)
    assert _move(cast, "cora", "screening").status_code == 422
    assert _move(cast, "adam", "screening", override=True).status_code == 200


def test_accepted_needs_an_accepting_review(cast: Cast) -> None:
    _put(cast.ana_case, Stage.RECORDS_REVIEW)
    refused = _move(cast, "cora", "accepted")
    assert refused.status_code == 422
    assert "a specialist review that accepted the case" in refused.json()["detail"]
    ReviewRequest.objects.create(
        case=cast.ana_case,
        reviewer=cast.users["rita"],
        sent_by=cast.users["cora"],
        decision=Decision.ACCEPTED,
        proposal="axi-cel",
        decided_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
    )
    assert _move(cast, "cora", "accepted").status_code == 200


def test_visa_and_travel_needs_a_treatment_plan(cast: Cast) -> None:
    _put(cast.ana_case, Stage.ACCEPTED)
    refused = _move(cast, "cora", "visa_travel")
    assert refused.status_code == 422
    assert "a treatment plan" in refused.json()["detail"]
    assert _move(cast, "phil", "visa_travel", override=True).status_code == 200


def test_a_closed_case_is_reopened_only_by_override(cast: Cast) -> None:
    _put(cast.ana_case, Stage.WITHDRAWN)
    refused = _move(cast, "cora", "screening")
    assert refused.status_code == 422 and "closed" in refused.json()["detail"]


def test_every_move_tells_the_patient_by_mail_in_her_language(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    ana = cast.users["ana"]
    ana.email, ana.language = "ana@example.org", "zh-hans"
    ana.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = _move(cast, "cora", "screening")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert cast.ana_case.number in message.subject
    assert "筛选" in message.subject  # "Screening", in her language
    assert "下一步" in message.body  # "What happens next"
    assert "我们正在核查哪些已获批产品和临床试验适合您的诊断和病史。" in message.body


def test_a_failed_move_sends_nothing_and_writes_nothing(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    before = StageChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert _move(cast, "cora", "home").status_code == 422
    assert StageChange.objects.count() == before and mail.outbox == []


def test_the_case_page_offers_the_journey_s_moves_and_the_override_only_to_those_who_may(
    cast: Cast,
) -> None:
    coordinator = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/").content.decode()
    assert '<option value="screening">' in coordinator
    assert '<option value="infusion"' not in coordinator and 'name="override"' not in coordinator
    physician = cast.client("phil").get(f"/cases/{cast.ana_case.pk}/").content.decode()
    assert 'name="override"' in physician and 'value="infusion"' in physician


def test_the_form_posts_an_override(cast: Cast) -> None:
    client: Client = cast.client("phil")
    response = client.post(
        f"/cases/{cast.ana_case.pk}/stage/",
        {"to_stage": "apheresis", "reason": "urgent", "override": "on", "from_stage": "inquiry"},
        follow=True,
    )
    assert response.status_code == 200
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == Stage.APHERESIS
    assert StageChange.objects.filter(case=cast.ana_case).latest("at").override


def test_the_service_refuses_what_the_page_refuses(cast: Cast) -> None:
    with pytest.raises(services.ServiceError, match="Only a physician"):
        services.change_stage(
            None, cast.ana_case, "infusion", "x", by=cast.users["cora"], override=True
        )


def test_a_review_decision_sends_one_mail_not_two(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """The decision's own e-mail tells the patient; the move it makes adds no second one."""
    from cartnav.records import services as records

    ana = cast.users["ana"]
    ana.email = "ana@example.org"
    ana.save()
    with django_capture_on_commit_callbacks(execute=True):
        review = records.send_for_review(
            None, cast.ana_case, cast.users["rita"], by=cast.users["cora"]
        )
    assert [m.subject for m in mail.outbox] == [f"Your case {cast.ana_case.number}: Records review"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        records.decide(None, review, "accepted", proposal="axi-cel", by=cast.users["rita"])
    assert len(mail.outbox) == 1 and "review" in mail.outbox[0].subject.lower()
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == Stage.ACCEPTED
