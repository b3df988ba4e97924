"""Admin for patients and cases. Only cartnav administrators reach the admin (role ``admin``,
second factor passed); every list, read and change here is audited (``audit.admin_audit``)."""

from __future__ import annotations

from django.contrib import admin

from cartnav.patients.models import Case, Consent, ConsentText, Patient, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "by", "at", "reason")
    can_delete = False


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("family_name", "given_name", "native_name", "nationality", "date_of_birth")
    search_fields = ("family_name", "given_name", "native_name")
    filter_horizontal = ("proxies",)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
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
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("patient", "purpose", "given_at", "withdrawn_at")
    list_filter = ("purpose",)
    readonly_fields = ("given_at", "given_by", "withdrawn_at", "withdrawn_by", "text")
