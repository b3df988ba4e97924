from django.urls import path

from cartnav.costs import views

app_name = "costs"
urlpatterns = [
    path("cases/<str:case_id>/costs/", views.quotes, name="quotes"),
    path("cases/<str:case_id>/costs/v<int:version>.pdf", views.quote_pdf, name="pdf"),
]
