from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.core"
    label = "core"
