"""Issue 12, item 10: a reviewer has an "awaiting my review" queue, and the review page shows the
labs and prior lines of the screening profile."""

from __future__ import annotations

from typing import Any

from cartnav.audit.models import AuditRecord
from cartnav.records import services as records
from cartnav.screening import services as screening
from tests.cast import Cast, make_user


def test_the_queue_holds_what_waits_for_me_and_nothing_of_others(cast: Cast) -> None:
    rita, cora = cast.users["rita"], cast.users["cora"]
    other = make_user("rosa", "reviewer", [cast.hospital_a])
    records.send_for_review(None, cast.ana_case, rita, by=cora)
    records.send_for_review(None, cast.ben_case, other, by=cora)
    page = cast.client("rita").get("/reviews/").content.decode()
    assert cast.ana_case.number in page and cast.ben_case.number not in page
    assert page.count('class="review-waiting"') == 1
    assert AuditRecord.objects.filter(action="list_my_reviews", username="rita").exists()
    # the queue is in the reviewer's navigation
    assert 'href="/reviews/"' in page


def test_a_decided_review_leaves_the_queue(cast: Cast) -> None:
    rita = cast.users["rita"]
    review = records.send_for_review(None, cast.ana_case, rita, by=cast.users["cora"])
    records.decide(None, review, "declined", reason="not a candidate", by=rita)
    page = cast.client("rita").get("/reviews/").content.decode()
    assert 'id="nothing-waiting"' in page and 'id="decided"' in page


def test_others_have_no_queue_of_mine(cast: Cast) -> None:
    records.send_for_review(None, cast.ana_case, cast.users["rita"], by=cast.users["cora"])
    page = cast.client("cora").get("/reviews/").content.decode()
    assert cast.ana_case.number not in page


def test_the_review_page_shows_labs_and_prior_lines(cast: Cast, settings: Any) -> None:
    screening.save_profile(
        None,
        cast.ana_case,
        {
            "disease": "DLBCL",
            "lines": [{"regimen": "R-CHOP", "end": "2025-06-01", "best_response": "CR"}],
            "labs": {"creatinine": {"value": 0.9, "unit": "mg/dL", "date": "2026-11-01"}},
        },
        by=cast.users["cora"],
    )
    records.send_for_review(None, cast.ana_case, cast.users["rita"], by=cast.users["cora"])
    page = cast.client("rita").get(f"/cases/{cast.ana_case.pk}/review/").content.decode()
    assert 'id="prior-lines"' in page and "R-CHOP" in page and "2025-06-01" in page
    assert 'id="labs"' in page and "creatinine" in page and "0.9 mg/dL" in page


def test_a_document_that_answers_a_to_do_closes_it(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cartnav.records.models import ToDo

    rita = cast.users["rita"]
    review = records.send_for_review(None, cast.ana_case, rita, by=cast.users["cora"])
    records.decide(None, review, "more", items=["Biopsy report", "PET-CT"], by=rita)
    biopsy, pet = ToDo.objects.order_by("pk")
    client = cast.client("ana")
    home = client.get("/me/").content.decode()
    assert 'name="todo"' in home and "Biopsy report" in home
    pdf = SimpleUploadedFile("biopsy.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = client.post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {"file": pdf, "kind": "pathology", "todo": str(biopsy.pk), "next": "/me/"},
    )
    assert response.status_code == 302
    biopsy.refresh_from_db()
    pet.refresh_from_db()
    assert biopsy.done_at is not None and biopsy.document is not None
    assert biopsy.document.display_name == "biopsy.pdf"
    assert pet.done_at is None
    home = client.get("/me/").content.decode()
    assert "answered by a document" in home


def test_a_to_do_of_another_case_is_refused_and_nothing_is_stored(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cartnav.records.models import Document, ToDo

    rita = cast.users["rita"]
    review = records.send_for_review(None, cast.ben_case, rita, by=cast.users["cora"])
    records.decide(None, review, "more", items=["Biopsy report"], by=rita)
    bens = ToDo.objects.get()
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n")
    cast.client("ana").post(
        f"/cases/{cast.ana_case.pk}/documents/",
        {"file": pdf, "kind": "pathology", "todo": str(bens.pk), "next": "/me/"},
    )
    bens.refresh_from_db()
    assert bens.done_at is None and not Document.objects.filter(case=cast.ana_case).exists()


def test_the_review_form_reads_right_in_chinese(cast: Cast) -> None:
    """Issue 12, item 9: "Decision" read 版本 ("version") and its button 病历资料 ("records")."""
    rita = cast.users["rita"]
    rita.language = "zh-hans"
    rita.save()
    records.send_for_review(None, cast.ana_case, rita, by=cast.users["cora"])
    page = cast.client("rita").get(f"/cases/{cast.ana_case.pk}/review/").content.decode()
    decide = page[page.index('id="decide"') :]
    assert "<h2>评审决定</h2>" in decide and "记录决定" in decide
    assert "版本" not in decide and "病历资料" not in decide
    # the disease's stage and the journey's stage are two words
    options = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/options/")
    assert options.status_code == 200
