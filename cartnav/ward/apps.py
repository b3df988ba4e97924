from django.apps import AppConfig


class WardConfig(AppConfig):
    name = "cartnav.ward"
    label = "ward"
    verbose_name = "Ward after infusion"
