from django.contrib import admin

from cartnav.inquiries.models import Inquiry


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ("created", "name", "country", "hospital", "status")
    list_filter = ("status", "hospital")
    readonly_fields = (
        "client_address",
        "created",
        "confirmed_at",
        "contact_text",
        "cross_border_text",
    )
