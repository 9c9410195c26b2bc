from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("learning/certificates/<str:code>/", views.certificate, name="certificate"),
    # Before ``<code>.json``, which would otherwise take "public-key" for a code.
    path("certificates/public-key.pem", views.public_key_pem, name="certificate_public_key"),
    path(
        "certificates/public-key.json",
        views.public_key_json,
        name="certificate_public_key_json",
    ),
    path("certificates/<str:code>.json", views.certificate_json, name="certificate_json"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
]
