from django.urls import path

from cartnav.plans import views

app_name = "plans"
urlpatterns = [
    path("cases/<str:case_id>/plan/", views.plan, name="plan"),
    path("cases/<str:case_id>/plan.ics", views.download, name="download"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
