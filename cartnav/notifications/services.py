"""Telling people: notifications in the app, and e-mail batched as each person prefers.

:func:`notify` writes one notification per person, in that person's language. E-mail is never
sent from the request that caused it: :func:`send_digests` (a job every ten minutes) sends each
person one e-mail with everything new since their last one — at most one every ten minutes for
"each", one a day for "daily", none for "none". So a busy conversation is one e-mail, not fifty.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cartnav.accounts.models import User
from cartnav.notifications.models import Notification, Preference

DAILY = dt.timedelta(hours=23, minutes=50)


def notify(
    users: Iterable[Any],
    kind: str,
    case: Any,
    text: Callable[[], str],
    url: str = "",
    *,
    key: str = "",
    emailed: bool = False,
) -> int:
    """One notification per (active) person, ``text()`` made in their language. With ``key``,
    a person already told about it is not told again. ``emailed`` marks it as already e-mailed
    (the stage move writes its own e-mail at once)."""
    made = 0
    seen: set[int] = set()
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user.language or "en"):
            words = str(text())[:300]
        row = Notification(
            user=user,
            case=case,
            kind=kind,
            text=words,
            url=url[:300],
            key=key[:120],
            emailed_at=timezone.now() if emailed else None,
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same key: already told
            continue
        made += 1
    return made


def patient_side(case: Any) -> list[Any]:
    """The patient's own sign-in and the family members acting for them."""
    patient = case.patient
    return [u for u in [patient.user, *patient.proxies.all()] if u is not None]


def unread(user: Any) -> int:
    """How many of this person's notifications are unread. Plain SQL on the (user, read_at)
    index: every signed-in page shows the count, and compiling the ORM's query cost more than
    running it (bench/bench_pages.py)."""
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_SQL, [user.pk])
        return int(cursor.fetchone()[0])


_UNREAD_SQL = (
    f"SELECT COUNT(*) FROM {Notification._meta.db_table} "  # noqa: S608 — a table name
    "WHERE user_id = %s AND read_at IS NULL"
)


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def preference(user: Any) -> str:
    row = Preference.objects.filter(user=user).first()
    return row.email if row else Preference.Email.EACH


def send_digests(now: dt.datetime | None = None) -> int:
    """E-mail each person what is new for them and not yet e-mailed, as they prefer; returns
    how many e-mails were sent. Unread or not: the e-mail is a record that they were told."""
    now = now or timezone.now()
    pending: dict[int, list[Notification]] = defaultdict(list)
    for row in Notification.objects.filter(emailed_at__isnull=True).select_related("user", "case"):
        pending[row.user_id].append(row)
    sent = 0
    for rows in pending.values():
        user = rows[0].user
        choice = Preference.objects.filter(user=user).first()
        email_choice = choice.email if choice else Preference.Email.EACH
        if email_choice == Preference.Email.NONE or not user.email:
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)
            continue
        if (
            email_choice == Preference.Email.DAILY
            and choice
            and choice.last_digest
            and now - choice.last_digest < DAILY
        ):
            continue
        with translation.override(user.language or "en"):
            subject = _("cartnav: %(n)s new for you") % {"n": len(rows)}
            body = render_to_string("notifications/digest_email.txt", {"user": user, "rows": rows})
        send_mail(subject, body, None, [user.email])
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)
        Preference.objects.update_or_create(user=user, defaults={"last_digest": now})
        sent += 1
    return sent


def remind_tomorrow(today: dt.date | None = None) -> int:
    """Tell the patient side of every case with a plan date tomorrow (run daily; a second run
    the same day tells nobody twice)."""
    from cartnav.plans.models import TreatmentPlan
    from cartnav.plans.timeline import STEPS

    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    made = 0
    plans = TreatmentPlan.objects.select_related("case__patient__user", "case__hospital")
    for plan in plans:
        for step in STEPS:
            if getattr(plan, step) != tomorrow:
                continue
            label = TreatmentPlan._meta.get_field(step).verbose_name
            case = plan.case
            made += notify(
                patient_side(case),
                Notification.Kind.APPOINTMENT,
                case,
                lambda label=label, case=case: (
                    _("Tomorrow: %(step)s at %(hospital)s")
                    % {"step": label, "hospital": case.hospital.name}
                ),
                f"/cases/{case.pk}/plan/",
                key=f"appointment:{case.pk}:{step}:{tomorrow.isoformat()}",
            )
    return made


def staff_of(case: Any, roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role__in=list(roles), memberships__hospital_id=case.hospital_id
        ).distinct()
    )
