"""Every read and change in the admin site is audited, for every model, with what changed.

:func:`audit_every_admin` gives each registered ``ModelAdmin`` — cartnav's own and those of
Django, django-otp and django-axes — the :class:`AuditedAdminMixin`, so no admin page can be
added that escapes the audit trail (a test checks the registry). What is recorded:

* ``admin_list``: a list page was shown (the model, the filters, how many rows matched);
* ``admin_read``: one object's page was opened;
* ``admin_add`` / ``admin_change`` / ``admin_delete``: with the model, the object and the fields
  that changed (inline rows too, as Django's own change message lists them). For models that
  hold no health data (``audit_values``) the old and new values are recorded as well; a person's
  data is never copied into the trail, nor any secret (passwords, token digests, keys).

Each record is written inside the admin's own transaction, so a change and its record commit or
roll back together.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from cartnav.audit import services as audit

#: Models whose changed values (not only field names) are recorded: reference data, accounts'
#: roles and memberships — nothing about a person's health.
VALUE_MODELS = frozenset(
    {
        "catalog.hospital",
        "catalog.product",
        "catalog.trial",
        "costs.productprice",
        "costs.exchangerate",
        "costs.tariffitem",
        "costs.refundscheme",
        "custody.manufacturingsite",
        "custody.handlingrules",
        "patients.consenttext",
        "accounts.user",
        "accounts.apitoken",
        "auth.group",
    }
)
#: Where ``save_form`` leaves what changed for the log methods that write the record.
_FIELDS, _VALUES = "_cartnav_admin_fields", "_cartnav_admin_values"
#: Never recorded, whatever the model.
SECRET_FIELDS = frozenset({"password", "digest", "key", "bin_key", "passport_number", "secret"})


def _patient_id(obj: Any) -> Any:
    if obj is None:
        return None
    if obj._meta.label_lower == "patients.patient":
        return obj.pk
    if getattr(obj, "patient_id", None):
        return obj.patient_id
    case = getattr(obj, "case", None)
    return getattr(case, "patient_id", None)


def _inline_changes(message: Any) -> list[str]:
    """The inline rows added, changed or deleted, from Django's change message."""
    names: list[str] = []
    for part in message if isinstance(message, list) else []:
        for verb in ("added", "changed", "deleted"):
            detail = part.get(verb) if isinstance(part, dict) else None
            if isinstance(detail, dict) and "name" in detail:
                names.append(f"{verb} {detail['name']}: {_short(detail.get('object', ''))}")
    return names


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "…"


class AuditedAdminMixin(admin.ModelAdmin):
    """Put in front of every registered ModelAdmin's class by :func:`audit_every_admin`."""

    def _label(self) -> str:
        return str(self.model._meta.label_lower)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response: HttpResponse = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        shown = getattr(changelist.get("cl"), "result_count", None)
        audit.record(
            request,
            "admin_list",
            detail={
                "model": self._label(),
                "query": request.GET.urlencode()[:200],
                "shown": shown,
            },
        )
        return response

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        """One object's page was shown: a read of it (the object the page already loaded)."""
        if change and obj is not None and request.method == "GET":
            audit.record(
                request,
                "admin_read",
                obj,
                patient_id=_patient_id(obj),
                detail={"model": self._label()},
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        """Remember which fields changed (and, for a value model, from what to what)."""
        changed = [name for name in form.changed_data if name not in SECRET_FIELDS]
        setattr(request, _FIELDS, changed)
        if self._label() in VALUE_MODELS:
            values = {
                name: [_short(form.initial.get(name)), _short(form.cleaned_data.get(name))]
                for name in form.changed_data
                if name not in SECRET_FIELDS
            }
            setattr(request, _VALUES, values)
        return super().save_form(request, form, change)

    def _record(self, request: HttpRequest, action: str, obj: Any, message: Any) -> None:
        detail: dict[str, Any] = {
            "model": self._label(),
            "fields": list(getattr(request, _FIELDS, [])),
        }
        inlines = _inline_changes(message)
        if inlines and self._label() in VALUE_MODELS:
            detail["inlines"] = inlines
        elif inlines:
            detail["inlines"] = [line.split(":")[0] for line in inlines]
        values = getattr(request, _VALUES, None)
        if values:
            detail["values"] = values
        audit.record(request, action, obj, patient_id=_patient_id(obj), detail=detail)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, "admin_add", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._record(request, "admin_change", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._record(request, "admin_delete", obj, [])
        return super().log_deletions(request, queryset)


def audit_every_admin(site: admin.AdminSite) -> None:
    """Give every registered ModelAdmin the audit (idempotent)."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not issubclass(cls, AuditedAdminMixin):
            model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
