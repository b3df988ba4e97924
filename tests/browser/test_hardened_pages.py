"""Issue 10's pages in the real browser, at a laptop's width and a phone's, in both languages:
API tokens with scope and expiry, the FHIR import that asks whom a bundle is about, the profile's
versions and their undo, and the API docs under the content security policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cartnav.accounts.models import ApiToken
from cartnav.screening import services as screening
from cartnav.screening.models import ScreeningProfile
from tests.browser.test_patient_sees_only_their_case import sign_in
from tests.cast import Cast, build_cast, code_for

EXAMPLE = Path(__file__).resolve().parents[2] / "cartnav/records/examples/demo_dlbcl_bundle.json"
WIDTHS = (1366, 390)
WORDS = {
    "en": {
        "tokens": "API tokens",
        "revoked": "revoked",
        "identity": "This bundle may be about another person",
        "versions": "Versions of this profile",
    },
    "zh-hans": {
        "tokens": "API 令牌",
        "revoked": "已撤销",
        "identity": "此数据包可能属于另一个人",
        "versions": "此资料的各个版本",
    },
}


def _staff(page: Any, cast: Cast, name: str, language: str, width: int) -> None:
    user = cast.users[name]
    user.language = language
    user.save()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, name)
    page.wait_for_url("**/accounts/otp/")
    page.fill("#id_code", code_for(user))
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/otp/" not in url)


def _fits(page: Any, width: int) -> None:
    """Nothing makes the page wider than the screen (tables scroll inside their box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_tokens_have_a_scope_an_expiry_and_stay_listed_when_revoked(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    _staff(page, cast, "cora", language, width)
    page.goto("/accounts/tokens/")
    assert WORDS[language]["tokens"] in page.inner_text("h1")
    page.fill("#id_name", "nightly export")
    page.select_option("#id_scope", "read")
    page.select_option("#id_days", "30")
    page.click("#new-token-form button[type=submit]")
    raw = page.inner_text("#new-token")
    assert raw.startswith("cn_")
    token = ApiToken.objects.get()
    assert token.scope == "read" and token.issued_verified
    _fits(page, width)
    page.click("#tokens button[name=revoke]")
    page.wait_for_selector(f"#tokens td:has-text('{WORDS[language]['revoked']}')")
    token.refresh_from_db()
    assert token.revoked is not None
    _fits(page, width)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_bundle_about_someone_else_needs_the_coordinators_word_and_can_be_undone(
    page: Any, transactional_db: None, settings: Any, width: int, language: str
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    screening.save_profile(None, cast.ana_case, {"sex": "female", "ecog": 1})
    _staff(page, cast, "cora", language, width)
    page.goto(f"/cases/{cast.ana_case.pk}/")
    page.set_input_files(f"#fhir-file-{cast.ana_case.pk}", str(EXAMPLE))
    page.click(".fhir-form button.fhir-preview")
    page.wait_for_selector("#fhir-identity")
    identity = page.inner_text("#fhir-identity")
    assert WORDS[language]["identity"] in identity
    assert "1990-04-02" in identity and "1970-01-01" in identity
    _fits(page, width)
    # The browser itself refuses to send the form until the coordinator ticks the box.
    page.click("#fhir-confirm")
    assert page.evaluate("document.querySelector('#fhir-confirm-identity').validity.valid") is False
    assert ScreeningProfile.objects.get(case=cast.ana_case).data == {"sex": "female", "ecog": 1}
    page.check("#fhir-confirm-identity")
    page.click("#fhir-confirm")
    page.wait_for_url(lambda url: "/fhir/" not in url)
    data = ScreeningProfile.objects.get(case=cast.ana_case).data
    assert data["sex"] == "female" and data["disease"] == "DLBCL"  # kept, and added

    page.goto(f"/cases/{cast.ana_case.pk}/options/")
    versions = page.inner_text("#profile-versions")
    assert WORDS[language]["versions"] in versions
    _fits(page, width)
    page.click("#version-1 button.restore")
    page.wait_for_selector("#version-3")
    assert ScreeningProfile.objects.get(case=cast.ana_case).data == {"sex": "female", "ecog": 1}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_api_docs_render_under_the_content_security_policy(
    page: Any, transactional_db: None, settings: Any, width: int
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    _staff(page, cast, "cora", "en", width)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert "cartnav API" in page.inner_text(".swagger-ui .info")
    assert not [v for v in violations if "script" in v], violations
    assert page.locator(".swagger-ui .opblock").count() >= 20  # every route is listed
