from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cartnav.accounts.models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class CartnavUserAdmin(UserAdmin):
    list_display = ("username", "role", "email", "language", "is_active")
    list_filter = ("role", "is_active", "language")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("cartnav", {"fields": ("role", "language", "time_zone")}),
    )
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked")
    readonly_fields = ("prefix", "digest", "created", "last_used")
