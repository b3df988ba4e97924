from django.apps import AppConfig


class Config(AppConfig):
    name = "cartnav.grading"
    label = "grading"
