from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.catalog"
    label = "catalog"
