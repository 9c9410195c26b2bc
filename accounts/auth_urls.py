"""django.contrib.auth's pages under ``accounts/`` (log in and out, password change and reset),
un-namespaced as Django's views and templates reverse them, with the portal's password reset
page in place of Django's. The portal's own account pages are in ``accounts.urls``."""

from django.urls import include, path

from accounts.password_reset import PasswordResetView

urlpatterns = [
    path("password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
