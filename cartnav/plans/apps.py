from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cartnav.plans"
    label = "plans"
    verbose_name = "Treatment plans"
