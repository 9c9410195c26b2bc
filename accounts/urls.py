from django.urls import path

from accounts import views

# Django's own pages (log in, password reset, ...) are un-namespaced, in accounts.auth_urls.
app_name = "accounts"
urlpatterns = [
    path("accounts/signup/", views.SignUpView.as_view(), name="signup"),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/my-data.json", views.download_my_data, name="my_data"),
    path("accounts/delete/", views.delete_my_account, name="delete_account"),
    # the same address as django.contrib.auth's, which this one overrides
    path("accounts/password_change/", views.PasswordChangeView.as_view(), name="password_change"),
]
