from django.urls import path

from cartnav.ward import views

app_name = "ward"
urlpatterns = [
    path("ward/", views.board, name="board"),
    path("cases/<str:case_id>/ward/", views.stay, name="stay"),
]
