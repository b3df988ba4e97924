from django.urls import path

from cartnav.inquiries import views

app_name = "inquiries"
urlpatterns = [
    path("inquiry/", views.new_inquiry, name="new"),
    path("inquiry/sent/", views.sent, name="sent"),
    path("inquiry/confirm/<str:token>/", views.confirm, name="confirm"),
    path("inquiries/", views.queue, name="queue"),
    path("inquiries/<str:inquiry_id>/", views.detail, name="detail"),
]
