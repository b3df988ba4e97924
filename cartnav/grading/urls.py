from django.urls import path

from cartnav.grading import views

app_name = "grading"
urlpatterns = [
    path("", views.grade_page, name="page"),
    path("<str:kind>/", views.grade_page, name="kind"),
]
