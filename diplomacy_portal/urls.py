"""The portal's addresses. Pages exist in every language: English at the addresses it always
had, French and Arabic under ``/fr/`` and ``/ar/`` (``i18n_patterns``). What machines read
(the health check, robots.txt, the sitemap) and the admin have one address, with no prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core import views
from core.admin import markdown_preview_view, view_on_site
from core.caching import cache_public_page
from core.sitemaps import sitemaps

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
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

urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("sources/", cache_public_page(views.SourceListView.as_view()), name="sources"),
    path("", include("search.urls")),
    path("tags/<slug:slug>/", cache_public_page(views.TagDetailView.as_view()), name="tag_detail"),
    path("articles/", include("articles.urls")),
    path("glossary/", include("glossary.urls")),
    path("", include("courses.urls")),
    path("", include("accounts.urls")),
    path("", include("scenarios.urls")),
    path("", include("offline.urls")),
    path("", include("cards.urls")),
    # Its pages, and the verification data a page links to; the JSON and the public key read
    # the same under every prefix.
    path("", include("certificates.urls")),
    path("accounts/", include("accounts.auth_urls")),  # Django's, un-namespaced
    prefix_default_language=False,
)
