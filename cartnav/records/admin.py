from django.contrib import admin

from cartnav.records.models import Document, ReviewRequest, ToDo


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("display_name", "case", "kind", "content_type", "size", "uploaded_at")
    list_filter = ("kind", "content_type")
    readonly_fields = (
        "sha256",
        "size",
        "content_type",
        "storage_name",
        "uploaded_by",
        "uploaded_at",
    )


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ("case", "reviewer", "decision", "sent_at", "decided_at")
    list_filter = ("decision",)
    readonly_fields = (
        "case",
        "reviewer",
        "sent_by",
        "sent_at",
        "decision",
        "proposal",
        "reason",
        "decided_at",
    )


@admin.register(ToDo)
class ToDoAdmin(admin.ModelAdmin):
    list_display = ("text", "case", "created_at", "done_at")
