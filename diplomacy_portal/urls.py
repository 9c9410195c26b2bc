from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core import views
from core.admin import markdown_preview_view, view_on_site
from core.caching import cache_public_page
from core.sitemaps import sitemaps

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("sources/", cache_public_page(views.SourceListView.as_view()), name="sources"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("search.urls")),
    path("tags/<slug:slug>/", cache_public_page(views.TagDetailView.as_view()), name="tag_detail"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("articles/", include("articles.urls")),
    path("glossary/", include("glossary.urls")),
    path("", include("courses.urls")),
    path("", include("accounts.urls")),
    path("", include("scenarios.urls")),
    path("", include("offline.urls")),
    path("", include("cards.urls")),
    path("", include("certificates.urls")),
    path("accounts/", include("accounts.auth_urls")),  # Django's, un-namespaced
    # Before the admin's own: its "view on site" shortcut, for what the user may see there.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin_view_on_site",
    ),
    path(
        "admin/markdown-preview/",
        admin.site.admin_view(markdown_preview_view),
        name="admin_markdown_preview",
    ),
    path("admin/", admin.site.urls),
]
