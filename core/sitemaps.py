"""sitemap.xml: every public page, from the sitemaps the apps register plus the portal's own.

The portal's own are the fixed pages (``pages``: home and sources, with the list pages the apps
register) and the tag pages (``tags``), registered in ``core.registrations``; see
``core.registry``.
"""

from functools import reduce
from operator import or_

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from core import registry
from core.site import SiteOriginSitemapMixin


class StaticViewSitemap(Sitemap):
    """The fixed pages: home, lists and indexes."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return registry.sitemap_pages()

    def location(self, name):
        return reverse(name)


class TagSitemap(Sitemap):
    """Tag pages that list at least one published item."""

    changefreq = "weekly"
    priority = 0.3

    def items(self):
        tagged = [listing.published_tags() for listing in registry.TAG_LISTINGS.values()]
        if not tagged:
            return Tag.objects.none()
        return Tag.objects.filter(reduce(or_, tagged)).distinct().order_by("slug")

    def location(self, tag):
        return reverse("tag_detail", kwargs={"slug": tag.slug})


# Every page in every language, each listing the others (and English as x-default).
IN_EVERY_LANGUAGE = {"i18n": True, "alternates": True, "x_default": True}


def sitemaps():
    """Name -> Sitemap class of every registered sitemap, in order, with URLs on SITE_ORIGIN,
    in every language."""
    return {
        name: type(sitemap.__name__, (SiteOriginSitemapMixin, sitemap), IN_EVERY_LANGUAGE)
        for name, sitemap in registry.sitemaps().items()
    }
