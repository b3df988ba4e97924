from django.contrib import admin
from django.urls import include, path, register_converter
from django_otp.admin import OTPAdminSite

from cartnav.api import api
from cartnav.audit.admin_audit import audit_every_admin
from cartnav.core.converters import IdConverter

register_converter(IdConverter, "id")

# The admin asks for the second factor too: only verified administrators get in.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "cartnav administration"
# Every list, read and change in the admin is audited, for every registered model.
audit_every_admin(admin.site)

urlpatterns = [
    path("", include("cartnav.core.urls")),
    path("accounts/", include("cartnav.accounts.urls")),
    path("", include("cartnav.patients.urls")),
    path("registry/", include("cartnav.registry.urls")),
    path("", include("cartnav.records.urls")),
    path("grade/", include("cartnav.grading.urls")),
    path("", include("cartnav.screening.urls")),
    path("", include("cartnav.inquiries.urls")),
    path("", include("cartnav.plans.urls")),
    path("", include("cartnav.costs.urls")),
    path("", include("cartnav.visas.urls")),
    path("", include("cartnav.travel.urls")),
    path("", include("cartnav.notifications.urls")),
    path("", include("cartnav.conversations.urls")),
    path("", include("cartnav.custody.urls")),
    path("", include("cartnav.ward.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "cartnav.core.views.not_found"
handler403 = "cartnav.core.views.forbidden"
