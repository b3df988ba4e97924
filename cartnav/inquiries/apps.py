from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "cartnav.inquiries"
    label = "inquiries"
    verbose_name = "Inquiries"
