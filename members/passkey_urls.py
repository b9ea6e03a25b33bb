"""django-otp-webauthn's endpoints under its own namespace (its template tags reverse these
names), served by this project's views (members.passkey_views)."""

from django.urls import path

from . import passkey_views as views

app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        views.BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        views.CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        views.BeginAuthentication.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        views.CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path("messages/", views.script_messages, name="js-i18n-catalog"),
]
