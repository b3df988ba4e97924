from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.audit"
    label = "audit"
