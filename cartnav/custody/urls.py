from django.urls import path

from cartnav.custody import views

app_name = "custody"
urlpatterns = [
    path("cases/<str:case_id>/product/", views.product, name="product"),
    path("cases/<str:case_id>/product/bedside/", views.bedside, name="bedside"),
    path("cases/<str:case_id>/product/custody.pdf", views.report, name="report"),
    path("cases/<str:case_id>/product/labels.pdf", views.labels, name="labels"),
    path("custody/", views.tracker, name="tracker"),
]
