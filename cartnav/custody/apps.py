from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "cartnav.custody"
    label = "custody"
    verbose_name = "Chain of identity and custody"
