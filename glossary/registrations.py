"""What the glossary lends the portal's shared pages and machinery (``core.registry``)."""

from core import registry
from glossary.models import Term
from glossary.sitemaps import TermSitemap


def term_count():
    return Term.objects.count()


def register():
    registry.register_content("glossary")
    registry.register_sitemap("terms", TermSitemap, position=20)
    registry.register_sitemap_pages("glossary:term_list", position=20)
    registry.register_home_section("term_count", term_count)
    registry.register_export("glossary.term", ["slug"], file=lambda term: "10_glossary.json")
