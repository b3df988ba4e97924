from django.urls import path

from cartnav.custody import views

app_name = "custody"
urlpatterns = [
    path("cases/<str:case_id>/product/", views.product, name="product"),
    path("custody/", views.tracker, name="tracker"),
]
