"""The admin keeps the rate table, the list prices, the hospitals' tariffs and the refund terms
(every change audited with its values: ``audit.admin_audit``). Quotes are made on the case's
page, never here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cartnav.costs.models import ExchangeRate, ProductPrice, RefundScheme, TariffItem


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "cny_per_unit", "as_of", "source", "entered_by")
    list_filter = ("currency",)
    exclude = ("entered_by",)

    def save_model(self, request: HttpRequest, obj: ExchangeRate, form: Any, change: bool) -> None:
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ProductPrice)
class ProductPriceAdmin(admin.ModelAdmin):
    list_display = ("product", "amount", "currency", "as_of", "period", "verified")
    list_filter = ("currency", "verified")


@admin.register(TariffItem)
class TariffItemAdmin(admin.ModelAdmin):
    list_display = ("hospital", "item", "amount_cny", "as_of", "source")
    list_filter = ("item",)
    raw_id_fields = ("hospital",)


@admin.register(RefundScheme)
class RefundSchemeAdmin(admin.ModelAdmin):
    list_display = ("product", "offered_by", "since", "verified")
    raw_id_fields = ("hospital",)
