"""What core lends its own shared pages (``core.registry``): sources and tags are content, the
sitemap has the fixed pages first and the tag pages last, the export starts with both."""

from core import registry
from core.sitemaps import StaticViewSitemap, TagSitemap


def register():
    registry.register_content("taggit", "core.source")
    registry.register_sitemap("pages", StaticViewSitemap, position=0)
    registry.register_sitemap("tags", TagSitemap, position=100)
    registry.register_sitemap_pages("home", position=0)
    registry.register_sitemap_pages("sources", position=100)
    registry.register_export("core.source", ["slug"], file=lambda source: "00_sources.json")
    registry.register_export("taggit.tag", ["name"], file=lambda tag: "01_tags.json")
