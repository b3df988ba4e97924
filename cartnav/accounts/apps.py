from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.accounts"
    label = "accounts"
