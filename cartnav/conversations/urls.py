from django.urls import path

from cartnav.conversations import views

app_name = "conversations"
urlpatterns = [
    path("cases/<str:case_id>/messages/", views.conversation, name="thread"),
]
