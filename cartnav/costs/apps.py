from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "cartnav.costs"
    label = "costs"
    verbose_name = "Costs and quotes"
