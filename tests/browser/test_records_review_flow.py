from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cartnav.catalog.services import load_products
from cartnav.records import fhir
from cartnav.records.imports import person_of
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import build_cast, code_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _staff(page: Any, cast: Any, who: str) -> None:
    page.context.clear_cookies()
    sign_in(page, who)
    page.fill("#id_code", code_for(cast.users[who]))
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/cases/")


def test_upload_send_decide_and_the_patient_sees_it(
    page: Any, transactional_db: None, settings: Any, tmp_path: Path
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.MEDIA_ROOT = tmp_path
    cast = build_cast()
    load_products()
    pdf = tmp_path / "biopsy.pdf"
    pdf.write_bytes(PDF)

    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    page.set_input_files(f"#doc-file-{cast.ana_case.pk}", str(pdf))
    page.select_option(f"#doc-kind-{cast.ana_case.pk}", "pathology")
    page.click(f"#records-{cast.ana_case.number} button.upload")
    page.wait_for_selector("text=The document is uploaded.")
    assert "biopsy.pdf" in page.inner_text(f"#records-{cast.ana_case.number}")

    bundle = tmp_path / "history.json"
    bundle.write_text(
        json.dumps(
            fhir.export_bundle(
                {"sex": "female", "disease": "DLBCL", "ecog": 1}, person=person_of(cast.ana_case)
            )
        )
    )
    page.set_input_files(f"#fhir-file-{cast.ana_case.pk}", str(bundle))
    page.click(f"#records-{cast.ana_case.number} button.fhir-preview")
    page.wait_for_selector("#fhir-preview")
    page.click("#fhir-confirm")
    page.wait_for_selector("text=The records from the bundle are imported.")

    _staff(page, cast, "cora")
    page.goto(f"/cases/{cast.ana_case.pk}/")
    assert "biopsy.pdf" in page.inner_text("#records")
    page.click("#send-review")
    page.wait_for_selector("text=The packet was sent for review.")

    _staff(page, cast, "rita")
    page.goto(f"/cases/{cast.ana_case.pk}/review/")
    assert "biopsy.pdf" in page.inner_text("#summary")
    assert "relma-cel" in page.inner_text("#summary")  # screening options of the imported profile
    page.check("input[name=decision][value=accepted]")
    page.fill("#proposal", "relma-cel (Carteyva)")
    page.click("#decide-button")
    page.wait_for_selector("text=Your decision is recorded")

    page.context.clear_cookies()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    assert "relma-cel (Carteyva)" in page.inner_text(f"#decision-{cast.ana_case.number}")
    assert "Accepted" in page.inner_text(f"#case-{cast.ana_case.number} .stage")
