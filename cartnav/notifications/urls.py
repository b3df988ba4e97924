from django.urls import path

from cartnav.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.centre, name="centre"),
    path("notifications/<int:pk>/", views.open_one, name="open"),
]
