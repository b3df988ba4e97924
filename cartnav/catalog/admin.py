"""Admins edit the catalog here. Every saved change bumps the catalog version, so stored
screening results are recomputed (on their next read, and by the background task)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cartnav.catalog.models import Hospital, HospitalProduct, Product, Trial, TrialSite
from cartnav.catalog.services import bump_version
from cartnav.eligibility.products import product_from_record


class VersionedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump_version()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        bump_version()


@admin.register(Hospital)
class HospitalAdmin(VersionedAdmin):
    list_display = ("name", "name_zh", "city", "named_in_seed", "services_verified")
    list_filter = ("named_in_seed", "services_verified", "city")
    search_fields = ("name", "name_zh", "city")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(HospitalProduct)
class HospitalProductAdmin(VersionedAdmin):
    list_display = ("hospital", "product", "verified", "source")
    list_filter = ("verified", "product")
    search_fields = ("hospital__name", "product__brand_name")
    raw_id_fields = ("hospital",)


@admin.register(Product)
class ProductAdmin(VersionedAdmin):
    list_display = ("brand_name", "generic_name", "target", "region", "approval_date")
    list_filter = ("region", "target")

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        # Refuse indications the screening core cannot read, before anything is stored.
        product_from_record(
            {
                "slug": obj.slug,
                "brand_name": obj.brand_name,
                "generic_name": obj.generic_name,
                "maker": obj.maker,
                "target": obj.target,
                "region": obj.region,
                "indications": obj.indications,
            }
        )
        super().save_model(request, obj, form, change)


class TrialSiteInline(admin.TabularInline):
    model = TrialSite
    extra = 0
    fields = ("facility", "city", "country", "status", "hospital")
    raw_id_fields = ("hospital",)


@admin.register(Trial)
class TrialAdmin(VersionedAdmin):
    list_display = ("nct_id", "title", "status", "source")
    list_filter = ("status", "source")
    search_fields = ("nct_id", "title")
    inlines = [TrialSiteInline]
