"""What articles lend the portal's shared pages and machinery (``core.registry``)."""

from django.db.models import Q

from articles.models import Article, Kind
from articles.sitemaps import ArticleSitemap
from core import registry

# The fixture file of each kind; an article always goes by its kind, even when an editor has
# changed it.
FIXTURE_FILES = {
    Kind.PRINCIPLE: "20_principles.json",
    Kind.DO: "21_dos_and_donts.json",
    Kind.DONT: "21_dos_and_donts.json",
    Kind.CASE_STUDY: "22_case_studies.json",
    Kind.EXPLAINER: "23_explainers.json",
    Kind.FAQ: "25_faq.json",
}


def principles():
    return Article.objects.published().for_listing().of_kind(Kind.PRINCIPLE)[:7]


def case_studies():
    return Article.objects.published().for_listing().of_kind(Kind.CASE_STUDY)[:4]


def tagged(tag, user):
    return Article.objects.visible_to(user).for_listing().filter(tags=tag)


def published_tags():
    return Q(articles_taggedarticle_items__content_object__in=Article.objects.published())


def register():
    registry.register_content("articles")
    registry.register_sitemap("articles", ArticleSitemap, position=10)
    registry.register_sitemap_pages(
        "articles:article_list", "articles:dos_and_donts", "articles:faq", position=10
    )
    registry.register_home_section("principles", principles)
    registry.register_home_section("case_studies", case_studies)
    registry.register_tag_listing("articles", visible=tagged, published_tags=published_tags)
    registry.register_export(
        "articles.article",
        ["slug"],
        children=[("articles.taggedarticle", "content_object")],
        file=lambda article: FIXTURE_FILES[article.kind],
        keep_file=False,
    )
    registry.register_export("articles.taggedarticle", ["content_object", "tag"])
