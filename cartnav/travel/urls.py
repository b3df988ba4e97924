from django.urls import path

from cartnav.travel import views

app_name = "travel"
urlpatterns = [
    path("cases/<str:case_id>/travel/", views.travel, name="travel"),
]
