"""Every change to an inquiry: sent, confirmed, answered, turned into a patient and a case.

Atomic and audited like the other services. An inquiry becomes a request only once its address
is confirmed; only a confirmed inquiry becomes an account.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cartnav.accounts.models import User
from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.core.client import client_ip
from cartnav.inquiries.models import Inquiry, Status
from cartnav.patients import services as patients
from cartnav.patients.models import ConsentPurpose

SALT = "cartnav.inquiries.confirm"
CONFIRM_DAYS = 3


class ServiceError(ValueError):
    """A request that cannot be carried out; the message says why, for the person."""


class TooMany(ServiceError):
    """Flooding: refused with 429, nothing stored."""


def _language(inquiry: Inquiry) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return next((lang.lower() for lang in inquiry.languages if lang.lower() in codes), "en")


def check_rate(email: str, address: str | None, now: dt.datetime) -> None:
    """Refuse a flood: at most ``INQUIRY_PER_ADDRESS_PER_DAY`` inquiries from one e-mail address
    a day and ``INQUIRY_PER_CLIENT_PER_HOUR`` from one client an hour."""
    per_address = Inquiry.objects.filter(
        email__iexact=email, created__gte=now - dt.timedelta(days=1)
    ).count()
    per_client = (
        Inquiry.objects.filter(
            client_address=address, created__gte=now - dt.timedelta(hours=1)
        ).count()
        if address
        else 0
    )
    if (
        per_address >= settings.INQUIRY_PER_ADDRESS_PER_DAY
        or per_client >= settings.INQUIRY_PER_CLIENT_PER_HOUR
    ):
        raise TooMany(_("Too many inquiries were sent from here. Please try again later."))


@transaction.atomic
def send(request: HttpRequest | None, **fields: Any) -> Inquiry:
    """Store an inquiry (unconfirmed) and e-mail the link that confirms its address."""
    now = timezone.now()
    address = client_ip(request)
    check_rate(fields["email"], address, now)
    inquiry = Inquiry(client_address=address, **fields)
    inquiry.full_clean()
    inquiry.save()
    audit.record(request, "send_inquiry", inquiry, detail={"hospital": str(inquiry.hospital_id)})
    inquiry_id = inquiry.pk
    transaction.on_commit(lambda: _mail_confirmation(request, inquiry_id))
    return inquiry


def confirmation_token(inquiry: Inquiry) -> str:
    return signing.dumps(str(inquiry.pk), salt=SALT)


def _absolute(request: HttpRequest | None, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _mail_confirmation(request: HttpRequest | None, inquiry_id: Any) -> None:
    inquiry = Inquiry.objects.get(pk=inquiry_id)
    link = _absolute(request, reverse("inquiries:confirm", args=[confirmation_token(inquiry)]))
    with translation.override(_language(inquiry)):
        subject = _("Confirm your inquiry to cartnav")
        body = render_to_string(
            "inquiries/confirm_email.txt",
            {"inquiry": inquiry, "link": link, "days": CONFIRM_DAYS},
        )
    send_mail(subject, body, None, [inquiry.email])


@transaction.atomic
def confirm(request: HttpRequest | None, token: str) -> Inquiry:
    """Confirm the address from the e-mailed link: the inquiry joins its hospital's queue (or
    the shared triage queue). A forged, expired or unknown link changes nothing."""
    try:
        inquiry_id = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature as exc:
        raise ServiceError(_("This link is not valid or has expired.")) from exc
    inquiry = Inquiry.objects.select_for_update().filter(pk=inquiry_id).first()
    if inquiry is None:
        raise ServiceError(_("This link is not valid or has expired."))
    if inquiry.status == Status.UNCONFIRMED:
        inquiry.status, inquiry.confirmed_at = Status.NEW, timezone.now()
        inquiry.save(update_fields=["status", "confirmed_at"])
        audit.record(request, "confirm_inquiry", inquiry)
    return inquiry


@transaction.atomic
def answer(request: HttpRequest | None, inquiry: Inquiry, text: str, *, by: Any = None) -> Inquiry:
    """A coordinator's reply, e-mailed to the person."""
    actor = by if by is not None else getattr(request, "user", None)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write the answer first."))
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status == Status.UNCONFIRMED:
        raise ServiceError(_("The address of this inquiry is not confirmed yet."))
    inquiry.answer, inquiry.answered_at, inquiry.handled_by = text[:4000], timezone.now(), actor
    if inquiry.status == Status.NEW:
        inquiry.status = Status.ANSWERED
    inquiry.save(update_fields=["answer", "answered_at", "handled_by", "status"])
    audit.record(request, "answer_inquiry", inquiry, user=actor)
    inquiry_id = inquiry.pk
    transaction.on_commit(lambda: _mail_answer(inquiry_id))
    return inquiry


def _mail_answer(inquiry_id: Any) -> None:
    inquiry = Inquiry.objects.select_related("hospital").get(pk=inquiry_id)
    with translation.override(_language(inquiry)):
        subject = _("An answer to your inquiry")
        body = render_to_string("inquiries/answer_email.txt", {"inquiry": inquiry})
    send_mail(subject, body, None, [inquiry.email])


@transaction.atomic
def convert(
    request: HttpRequest | None,
    inquiry: Inquiry,
    *,
    hospital: Any,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    sex: str,
    by: Any = None,
) -> Any:
    """Turn a confirmed inquiry into a patient account (no password yet), a patient with the
    consents given in the inquiry (the same texts), and a case at ``hospital``; then e-mail an
    invitation to set a password. An unconfirmed inquiry never becomes an account."""
    actor = by if by is not None else getattr(request, "user", None)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status == Status.UNCONFIRMED:
        raise ServiceError(_("The address of this inquiry is not confirmed yet."))
    if inquiry.status == Status.CONVERTED:
        raise ServiceError(_("This inquiry is already a case."))
    if User.objects.filter(email__iexact=inquiry.email).exists():
        raise ServiceError(_("Someone with this e-mail address already has an account."))
    user = User(
        username=_username(inquiry.email),
        email=inquiry.email,
        role=Role.PATIENT,
        language=_language(inquiry),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    patient = patients.create_patient(
        request,
        by=actor,
        user=user,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        nationality=inquiry.country,
        languages=inquiry.languages,
        email=inquiry.email,
        phone=inquiry.phone,
    )
    for purpose, text in (
        (ConsentPurpose.CONTACT, inquiry.contact_text),
        (ConsentPurpose.CROSS_BORDER, inquiry.cross_border_text),
    ):
        patients.give_consent(request, patient, purpose, text, by=user)
    case = patients.open_case(
        request,
        patient,
        hospital,
        by=actor,
        coordinator=actor,
        diagnosis=inquiry.diagnosis[:200],
        reason=_("Opened from an inquiry"),
    )
    inquiry.status, inquiry.case, inquiry.handled_by = Status.CONVERTED, case, actor
    inquiry.save(update_fields=["status", "case", "handled_by"])
    audit.record(request, "convert_inquiry", inquiry, patient_id=patient.pk, user=actor)
    user_id = user.pk
    transaction.on_commit(lambda: _mail_invitation(request, user_id))
    return case


def _username(email: str) -> str:
    base = "".join(ch for ch in email.split("@")[0].lower() if ch.isalnum() or ch in "._-")[:20]
    name = base or "patient"
    while User.objects.filter(username=name).exists():
        name = f"{base or 'patient'}-{secrets.token_hex(2)}"
    return name


def _mail_invitation(request: HttpRequest | None, user_id: Any) -> None:
    user = User.objects.get(pk=user_id)
    path = reverse(
        "accounts:password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    with translation.override(user.language or "en"):
        subject = _("Your cartnav account: set your password")
        body = render_to_string(
            "inquiries/invitation_email.txt",
            {"user": user, "link": _absolute(request, path)},
        )
    send_mail(subject, body, None, [user.email])
