from django.apps import AppConfig


class VisasConfig(AppConfig):
    name = "cartnav.visas"
    label = "visas"
    verbose_name = "Visa invitation letters"
