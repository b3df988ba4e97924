"""The coordinator sends the packet, the reviewer decides, the patient is told in their language."""

from __future__ import annotations

from typing import Any

from cartnav.records.models import ReviewRequest, ToDo
from tests.cast import Cast


def _send(cast: Cast) -> Any:
    return cast.client("cora").post(
        f"/cases/{cast.ana_case.pk}/review/send/", {"reviewer": cast.users["rita"].pk}
    )


def test_ask_for_more_creates_the_patients_to_dos_and_mails_her_in_her_language(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    cast.users["ana"].language = "zh-hans"
    cast.users["ana"].email = "ana@example.org"
    cast.users["ana"].save()
    assert _send(cast).status_code == 302
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == "records_review"
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("rita").post(
            f"/cases/{cast.ana_case.pk}/review/",
            {"decision": "more", "items": "PET-CT within 6 weeks\nBiopsy slides"},
        )
    assert response.status_code == 302
    assert list(ToDo.objects.values_list("text", flat=True)) == [
        "PET-CT within 6 weeks",
        "Biopsy slides",
    ]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.org"]
    assert "PET-CT within 6 weeks" in mailoutbox[0].body and "专家" in mailoutbox[0].body
    portal = cast.client("ana").get("/me/").content.decode()
    assert "PET-CT within 6 weeks" in portal
    todo = ToDo.objects.first()
    url = f"/cases/{cast.ana_case.pk}/todos/{todo.pk}/done/"
    # closing without the document needs the patient's word why (issue 12, item 10)
    cast.client("ana").post(url, {"next": "/me/"})
    todo.refresh_from_db()
    assert todo.done_at is None
    cast.client("ana").post(url, {"next": "/me/", "explanation": "no PET-CT in my country"})
    todo.refresh_from_db()
    assert todo.done_at is not None and todo.explanation == "no PET-CT in my country"


def test_accepting_moves_the_case_and_needs_a_proposal(cast: Cast) -> None:
    _send(cast)
    client = cast.client("rita")
    missing = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/review/decision",
        {"decision": "accepted"},
        content_type="application/json",
    )
    assert missing.status_code == 422
    ok = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/review/decision",
        {"decision": "accepted", "proposal": "relma-cel"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["decision"] == "accepted"
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == "accepted"
    again = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/review/decision",
        {"decision": "declined", "reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 404  # nothing pending any more


def test_declining_needs_a_reason_and_only_the_assigned_reviewer_decides(cast: Cast) -> None:
    _send(cast)
    assert (
        cast.client("cora")
        .post(f"/cases/{cast.ana_case.pk}/review/", {"decision": "declined", "reason": "x"})
        .status_code
        == 403
    )
    client = cast.client("rita")
    client.post(f"/cases/{cast.ana_case.pk}/review/", {"decision": "declined"})
    assert ReviewRequest.objects.get().decision == ""
    client.post(
        f"/cases/{cast.ana_case.pk}/review/",
        {"decision": "declined", "reason": "Not CD19 positive"},
    )
    cast.ana_case.refresh_from_db()
    assert cast.ana_case.stage == "declined"


def test_the_packet_goes_only_to_a_reviewer_of_the_hospital(cast: Cast) -> None:
    response = cast.client("cora").post(
        f"/cases/{cast.ana_case.pk}/review/send/", {"reviewer": cast.users["nils"].pk}
    )
    assert response.status_code == 302
    assert not ReviewRequest.objects.exists()
    assert (
        cast.client("ana")
        .post(f"/cases/{cast.ana_case.pk}/review/send/", {"reviewer": cast.users["rita"].pk})
        .status_code
        == 403
    )
