"""A first contact from someone abroad: who they are, what they ask, what they agreed to.

An inquiry is not yet a patient's record: it holds what the person chose to send, confirmed by
e-mail before anyone reads it as a request. A coordinator answers it, or turns it into a patient
account and a case (which then follow the rules of ``cartnav.patients``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cartnav.core.choices import choice_display
from cartnav.core.validators import validate_languages, validate_nationality


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Address not yet confirmed")
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    CONVERTED = "converted", _("Turned into a case")
    CLOSED = "closed", _("Closed")


class Inquiry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country (ISO 3166 alpha-2)"), max_length=2, validators=[validate_nationality]
    )
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    diagnosis = models.TextField(_("the diagnosis, in your own words"), max_length=4000)
    hospital = models.ForeignKey(
        "catalog.Hospital",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        help_text=_("Empty: help me choose (the shared triage queue)."),
    )
    contact_text = models.ForeignKey(
        "patients.ConsentText", on_delete=models.PROTECT, related_name="+"
    )
    cross_border_text = models.ForeignKey(
        "patients.ConsentText", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    get_status_display = choice_display("status", Status)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.OneToOneField(
        "patients.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiry"
    )

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["email", "created"]),
            models.Index(fields=["client_address", "created"]),
            models.Index(fields=["status", "hospital"]),
        ]

    def __str__(self) -> str:
        return f"inquiry {self.pk} ({self.status})"
