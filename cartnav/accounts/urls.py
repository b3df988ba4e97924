from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from cartnav.accounts import views

#: Password reset by e-mail, for everyone (Django's views, cartnav's pages and words). The same
#: "set your password" link invites a person whose account was opened from an inquiry.
_RESET = [
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("otp/", views.second_factor, name="otp"),
    path("otp/setup/", views.second_factor_setup, name="otp_setup"),
    path("language/", views.set_language, name="language"),
    path("tokens/", views.api_tokens, name="tokens"),
    *_RESET,
]
