from django.urls import path

from cartnav.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("otp/", views.second_factor, name="otp"),
    path("otp/setup/", views.second_factor_setup, name="otp_setup"),
    path("language/", views.set_language, name="language"),
    path("tokens/", views.api_tokens, name="tokens"),
]
