from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "cartnav.conversations"
    label = "conversations"
    verbose_name = "Conversations with the care team"
