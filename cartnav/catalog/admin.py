from django.contrib import admin

from cartnav.catalog.models import Hospital


@admin.register(Hospital)
class HospitalAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "city", "province")
    search_fields = ("name", "name_zh", "city")
    prepopulated_fields = {"slug": ("name",)}
