from django.urls import path

from cartnav.records import views

app_name = "records"
urlpatterns = [
    path("cases/<str:case_id>/documents/", views.upload, name="upload"),
    path("cases/<str:case_id>/documents/<id:document_id>/", views.document, name="document"),
    path("cases/<str:case_id>/review/send/", views.send_for_review, name="send"),
    path("cases/<str:case_id>/review/", views.review, name="review"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("cases/<str:case_id>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("cases/<str:case_id>/fhir/preview/", views.fhir_preview, name="fhir_preview"),
    path("cases/<str:case_id>/fhir/import/", views.fhir_import, name="fhir_import"),
    path("cases/<str:case_id>/todos/<id:todo_id>/done/", views.todo_done, name="todo_done"),
]
