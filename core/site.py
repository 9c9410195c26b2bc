"""The portal's own address (``SITE_ORIGIN``), for every link that must work off the page.

Canonical and Open Graph links, feeds, sitemaps and mailed links are built from it, never from
the request: the Host header is the client's to choose, and a page cached for one visitor is
served to all.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(path):
    """``path`` (``/articles/neutrality/``) as a full URL on the portal's configured origin."""
    return settings.SITE_ORIGIN + "/" + str(path).lstrip("/")


def site_domain():
    """The origin's host and port, as Django's sites framework calls a domain."""
    return urlsplit(settings.SITE_ORIGIN).netloc


def site_protocol():
    return urlsplit(settings.SITE_ORIGIN).scheme


class SiteOriginSitemapMixin:
    """For a ``Sitemap``: URLs on the configured origin rather than the request's host."""

    def get_domain(self, site=None):
        return site_domain()

    def get_protocol(self, protocol=None):
        return site_protocol()
