"""Admins browse and filter the audit trail here. It is read-only: no add, change or delete."""

from django.contrib import admin
from django.http import HttpRequest

from cartnav.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "username", "role", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "role", "object_type", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "object_id", "patient_id", "path")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
