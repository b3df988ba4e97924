from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.screening"
    label = "screening"
