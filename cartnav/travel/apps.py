from django.apps import AppConfig


class TravelConfig(AppConfig):
    name = "cartnav.travel"
    label = "travel"
    verbose_name = "Travel and stay"
