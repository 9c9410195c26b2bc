from django.contrib import admin
from django.urls import include, path

from diplomacy_portal import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sources/", views.SourceListView.as_view(), name="sources"),
    path("healthz", views.healthz, name="healthz"),
    path("articles/", include("articles.urls")),
    path("glossary/", include("glossary.urls")),
    path("", include("courses.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
