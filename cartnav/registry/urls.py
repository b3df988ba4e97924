from django.urls import path

from cartnav.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.export_csv, name="export"),
]
