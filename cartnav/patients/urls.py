from django.urls import path

from cartnav.patients import views

app_name = "patients"
urlpatterns = [
    path("me/", views.portal, name="portal"),
    path("me/patients/<str:patient_id>/consents/", views.give_consent, name="give_consent"),
    path(
        "me/patients/<str:patient_id>/consents/<id:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("consents/<str:purpose>/", views.consent_text, name="consent_text"),
    path("cases/", views.dashboard, name="dashboard"),
    path("cases/<str:case_id>/", views.case_detail, name="case"),
    path("cases/<str:case_id>/stage/", views.change_stage, name="change_stage"),
]
