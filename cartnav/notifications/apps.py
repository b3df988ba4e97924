from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cartnav.notifications"
    label = "notifications"
    verbose_name = "Notifications"
