from __future__ import annotations

from typing import Any

from tests.cast import PASSWORD, build_cast


def sign_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.narrow button[type=submit]")


def test_a_patient_signs_in_and_sees_only_their_case(page: Any, transactional_db: None) -> None:
    cast = build_cast()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    text = page.inner_text("main")
    assert cast.ana_case.number in text
    assert "What happens next" in text
    assert cast.ben_case.number not in text and "Brown" not in text and "Bauer" not in text
    page.goto(f"/cases/{cast.ben_case.pk}/")
    assert "Not found" in page.inner_text("main")
    assert "Brown" not in page.content()


def test_a_patient_withdraws_research_consent(page: Any, transactional_db: None) -> None:
    cast = build_cast()
    sign_in(page, "ana")
    page.wait_for_url("**/me/")
    row = page.locator("tr.consent[data-purpose=research]")
    row.locator("button.withdraw").click()
    # asked first, with what it means; "keep" changes nothing
    page.wait_for_selector("#withdraw-confirm")
    assert "registry export" in page.inner_text("#withdraw-confirm")
    page.click("#keep-consent")
    page.wait_for_url("**/me/")
    assert cast.ana.consents.get(purpose="research").withdrawn_at is None
    page.locator("tr.consent[data-purpose=research] button.withdraw").click()
    page.click("#confirm-withdraw")
    page.wait_for_selector("text=Your consent is withdrawn.")
    assert page.locator("tr.consent.withdrawn[data-purpose=research]").count() == 1
    assert cast.ana.consents.get(purpose="research").withdrawn_at is not None
