from django.urls import path

from cartnav.screening import views

app_name = "screening"
urlpatterns = [
    path("cases/<str:case_id>/options/", views.options, name="options"),
    path(
        "cases/<str:case_id>/options/versions/<id:number>/restore/",
        views.restore_version,
        name="restore_version",
    ),
    path("trials/", views.trials, name="trials"),
]
