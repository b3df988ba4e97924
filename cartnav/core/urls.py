from django.urls import path

from cartnav.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("session/", views.session_check, name="session"),
]
