"""Issue 12, done when: one browser walk, in English at a laptop's width and in Chinese at a
phone's, from an inquiry sent from abroad to the stay in China — the inquiry and its
confirmation, its conversion into a case, the specialist's review, the plan with its dates, an
estimate the patient accepts, the visa letter and its public verification, the travel plan, and
a message exchanged with the coordinator — with the patient told at each step (notification
centre and e-mail)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from cartnav.accounts.models import User
from cartnav.catalog.services import load_products
from cartnav.conversations.models import Message
from cartnav.costs.models import ExchangeRate, Quote, TariffItem
from cartnav.costs.services import load_prices
from cartnav.inquiries.models import Inquiry
from cartnav.notifications.models import Notification
from cartnav.visas.models import InvitationLetter
from tests.browser.test_hardened_pages import _fits, _staff
from tests.cast import build_cast

PASSWORD = "a long passphrase 2026"


class Staff:
    """Each staff member in a browser of their own, signed in once (a second-factor code can be
    used only once, so signing in again within the same 30 seconds would be refused)."""

    def __init__(self, browser: Any, url: str, cast: Any, language: str, width: int) -> None:
        self.browser, self.url, self.cast, self.language, self.width = (
            browser,
            url,
            cast,
            language,
            width,
        )
        self.pages: dict[str, Any] = {}
        self.contexts: list[Any] = []

    def __call__(self, name: str) -> Any:
        if name not in self.pages:
            context = self.browser.new_context(base_url=self.url, locale="en-GB")
            self.contexts.append(context)
            page = context.new_page()
            _staff(page, self.cast, name, self.language, self.width)
            self.pages[name] = page
        return self.pages[name]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def _as_patient(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url("**/me/")


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("zh-hans", 390)])
def test_from_an_inquiry_abroad_to_the_stay_in_china(
    page: Any,
    browser: Any,
    live_server: Any,
    transactional_db: None,
    settings: Any,
    tmp_path: Path,
    language: str,
    width: int,
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.MEDIA_ROOT = tmp_path
    cast = build_cast()
    load_products()
    load_prices()
    day = dt.date(2026, 12, 1)
    ExchangeRate.objects.create(
        currency="USD", cny_per_unit=Decimal("7.1"), as_of=day, source="PBOC"
    )
    ExchangeRate.objects.create(
        currency="KZT", cny_per_unit=Decimal("0.014"), as_of=day, source="PBOC"
    )
    for item, amount in {
        "ward_day": "3500",
        "assessments": "30000",
        "local_stay_day": "400",
    }.items():
        TariffItem.objects.create(
            hospital=cast.hospital_a,
            item=item,
            amount_cny=Decimal(amount),
            as_of=day,
            source="tariff",
        )
    cast.hospital_a.latitude, cast.hospital_a.longitude = 31.1990, 121.4540
    cast.hospital_a.save()
    page.set_viewport_size({"width": width, "height": 900})
    staff = Staff(browser, live_server.url, cast, language, width)
    try:
        _walk(page, staff, cast, language, width)
    finally:
        staff.close()


def _walk(page: Any, staff: Any, cast: Any, language: str, width: int) -> None:
    # 1. Someone abroad sends an inquiry and confirms the address.
    page.goto("/")
    page.select_option("#language-select", language)
    page.click("#language-switch")
    page.wait_for_selector("#ask")
    page.click("#ask")
    page.fill("#id_name", "Aigerim Bekova")
    page.fill("#id_country", "KZ")
    page.fill("#id_languages", "ru, en")
    page.fill("#id_email", "aigerim@example.org")
    page.fill("#id_diagnosis", "DLBCL, relapsed after two lines.")
    page.select_option("#id_hospital", str(cast.hospital_a.pk))
    page.check("#id_consent_contact")
    page.check("#id_consent_cross_border")
    page.click("#send-inquiry")
    page.wait_for_selector("#inquiry-sent")
    page.goto(re.search(r"(/inquiry/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1))
    page.click("#confirm-inquiry")
    page.wait_for_selector("#confirmed")
    _fits(page, width)
    inquiry = Inquiry.objects.get()

    # 2. The coordinator turns it into a patient and a case; the person is invited.
    cora = staff("cora")
    cora.goto(f"/inquiries/{inquiry.pk}/")
    cora.fill("#id_given_name", "Aigerim")
    cora.fill("#id_family_name", "Bekova")
    cora.fill("#id_date_of_birth", "1979-03-02")
    cora.select_option("#id_sex", "female")
    cora.select_option("#id_hospital", str(cast.hospital_a.pk))
    with cora.expect_navigation():
        cora.click("#convert")
    inquiry.refresh_from_db()
    case = inquiry.case
    invitation = mail.outbox[-1]
    assert invitation.to == ["aigerim@example.org"]
    person = User.objects.get(email="aigerim@example.org")

    # 3. The coordinator sends the case to the specialist, who accepts it.
    with cora.expect_navigation():
        cora.click("#send-review")
    assert case.reviews.exists()
    rita = staff("rita")
    rita.goto(f"/cases/{case.pk}/review/")
    rita.check("input[name=decision][value=accepted]")
    rita.fill("#proposal", "axi-cel (奕凯达 Yikaida)")
    with rita.expect_navigation():
        rita.click("#decide-button")
    case.refresh_from_db()
    assert case.stage == "accepted"

    # 4. The coordinator makes the plan with its dates ...
    cora.goto(f"/cases/{case.pk}/plan/")
    cora.fill("#id_option", "axi-cel (奕凯达 Yikaida)")
    start = dt.date.today() + dt.timedelta(days=30)
    offsets = {
        "assessment": 0,
        "apheresis": 2,
        "lymphodepletion": 16,
        "infusion": 21,
        "discharge": 28,
        "local_stay_end": 42,
        "home": 43,
    }
    for field, days in offsets.items():
        cora.fill(f"#id_{field}", (start + dt.timedelta(days=days)).isoformat())
    cora.fill("#id_stay_within_hours", "2")
    cora.fill("#id_stay_source", "US labels since June 2025")
    with cora.expect_navigation():
        cora.click("#save-plan")
    cora.wait_for_selector("#timeline table")
    _fits(cora, width)

    # 5. ... and sends the estimate, in the patient's currency (tenge, from Kazakhstan).
    cora.goto(f"/cases/{case.pk}/costs/")
    assert cora.input_value("#id_currency") == "KZT"
    with cora.expect_navigation():
        cora.click("#issue-quote")
    quote = Quote.objects.get(case=case)
    assert quote.currency == "KZT" and quote.total_cny > Decimal("1200000")

    # 6. The patient sets a password, reads and accepts the estimate, enters the passport.
    page.context.clear_cookies()
    page.goto(re.search(r"(/accounts/password/set/[^\s]+/)", invitation.body).group(1))
    page.wait_for_selector("#id_new_password1")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    with page.expect_navigation():
        page.click("#set-password button[type=submit]")
    person.refresh_from_db()
    assert person.has_usable_password()
    person.language = language
    person.save()
    _as_patient(page, person.username)
    page.click(".costs-link")
    page.check("#agree")
    with page.expect_navigation():
        page.click("#accept-quote")
    page.wait_for_selector("#accepted-at")
    _fits(page, width)
    page.goto(f"/cases/{case.pk}/visa/")
    page.click("#passport summary")
    page.fill("#id_passport-passport_number", "N12345678")
    with page.expect_navigation():
        page.click("#save-passport")
    case.patient.refresh_from_db()
    assert case.patient.passport_number == "N12345678"

    # 7. The coordinator issues the visa letter; anyone can verify its number.
    cora.goto(f"/cases/{case.pk}/visa/")
    cora.fill("#id_signer_name", "Dr Li Wei")
    cora.fill("#id_signer_title", "Director")
    with cora.expect_navigation():
        cora.click("#issue-letter")
    cora.wait_for_selector("tr.letter[data-status=valid]")
    letter = InvitationLetter.objects.get(case=case)
    page.context.clear_cookies()
    page.goto(f"/verify/{letter.number}/")
    assert page.get_attribute("#letter-status", "data-status") == "valid"
    assert "Bekova" not in page.content() and "N12345678" not in page.content()

    # 8. The patient plans travel and stay, and writes to the care team.
    _as_patient(page, person.username)
    page.click(".travel-link")
    page.fill("#id_arrival", f"{start.isoformat()}T14:30")
    page.fill("#id_latitude", "31.2050")
    page.fill("#id_longitude", "121.4600")
    with page.expect_navigation():
        page.click("#save-travel")
    page.wait_for_selector("#proximity-verdict[data-within=yes]")
    _fits(page, width)
    page.goto(f"/cases/{case.pk}/messages/")
    page.fill("#id_body", "Who meets us at the airport?")
    with page.expect_navigation():
        page.click("#send-message")
    page.wait_for_selector(".message.mine")

    # 9. The coordinator answers.
    cora.goto(f"/cases/{case.pk}/messages/")
    assert "Who meets us at the airport?" in cora.inner_text("#thread")
    cora.fill("#id_body", "Our driver, Mr Zhang, with a sign.")
    with cora.expect_navigation():
        cora.click("#send-message")
    cora.wait_for_selector(".message.mine")
    assert Message.objects.filter(case=case).count() == 2

    # 10. The patient was told at each step: in the notification centre and by e-mail.
    page.goto("/notifications/")
    page.wait_for_selector(".notification")
    kinds = {el.get_attribute("data-kind") for el in page.query_selector_all(".notification")}
    assert {"stage", "review", "appointment", "quote", "letter", "message"} <= kinds, kinds
    _fits(page, width)
    told = Notification.objects.filter(user=person)
    assert told.filter(kind="message").exists()
    from cartnav.notifications.services import send_digests

    send_digests()
    assert any(m.to == ["aigerim@example.org"] and "cartnav" in m.subject for m in mail.outbox)
