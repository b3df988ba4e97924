from django.contrib import admin

from cartnav.ward.models import RotaEntry, WardSettings


@admin.register(WardSettings)
class WardSettingsAdmin(admin.ModelAdmin):
    list_display = ("hospital", "escalate_after_minutes", "hypotension_systolic_below")


@admin.register(RotaEntry)
class RotaEntryAdmin(admin.ModelAdmin):
    list_display = ("hospital", "position", "user")
    ordering = ("hospital", "position")
