from django.urls import path

from cartnav.screening import views

app_name = "screening"
urlpatterns = [
    path("cases/<str:case_id>/options/", views.options, name="options"),
    path("trials/", views.trials, name="trials"),
]
