from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.registry"
    label = "registry"
