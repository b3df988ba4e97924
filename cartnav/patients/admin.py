"""Admin for patients and cases. Only cartnav administrators reach the admin (role ``admin``,
second factor passed); what they open here is audited like any other read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from cartnav.audit import services as audit
from cartnav.patients.models import Case, Consent, ConsentText, Patient, StageChange


class AuditedAdmin(admin.ModelAdmin):
    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            audit.record(request, "admin_read", obj, patient_id=getattr(obj, "patient_id", obj.pk))
        return super().change_view(request, object_id, form_url, extra_context)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "by", "at", "reason")
    can_delete = False


@admin.register(Patient)
class PatientAdmin(AuditedAdmin):
    list_display = ("family_name", "given_name", "native_name", "nationality", "date_of_birth")
    search_fields = ("family_name", "given_name", "native_name")
    filter_horizontal = ("proxies",)


@admin.register(Case)
class CaseAdmin(AuditedAdmin):
    list_display = ("number", "patient", "hospital", "stage", "stage_changed")
    list_filter = ("hospital", "stage")
    search_fields = ("number", "patient__family_name")
    readonly_fields = ("stage", "stage_changed")
    inlines = [StageChangeInline]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ("purpose", "version", "language", "published", "title")
    list_filter = ("purpose", "language")


@admin.register(Consent)
class ConsentAdmin(AuditedAdmin):
    list_display = ("patient", "purpose", "given_at", "withdrawn_at")
    list_filter = ("purpose",)
    readonly_fields = ("given_at", "given_by", "withdrawn_at", "withdrawn_by", "text")
