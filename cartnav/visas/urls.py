from django.urls import path

from cartnav.visas import views

app_name = "visas"
urlpatterns = [
    path("cases/<str:case_id>/visa/", views.letters, name="letters"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
