"""Manufacturing capacity is data an admin keeps (every change audited with its values). Orders
and the custody log are made on the case's page, never here: the log is append-only."""

from django.contrib import admin

from cartnav.custody.models import HandlingRules, ManufacturingSite


@admin.register(ManufacturingSite)
class ManufacturingSiteAdmin(admin.ModelAdmin):
    list_display = ("name", "maker", "city", "slots_per_week", "days_to_start")
    filter_horizontal = ("products",)


@admin.register(HandlingRules)
class HandlingRulesAdmin(admin.ModelAdmin):
    list_display = ("product", "shipping_low_c", "shipping_high_c", "verified", "source")
