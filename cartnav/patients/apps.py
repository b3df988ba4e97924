from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.patients"
    label = "patients"
