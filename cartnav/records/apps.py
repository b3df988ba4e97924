from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.records"
    label = "records"
