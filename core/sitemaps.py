"""sitemap.xml: every public page, from each app's sitemaps plus the portal's own pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from core.site import SiteOriginSitemapMixin
from courses.models import Course
from courses.sitemaps import CourseSitemap, LessonSitemap, ScenarioSitemap
from glossary.sitemaps import TermSitemap


class StaticViewSitemap(Sitemap):
    """The fixed pages: home, lists and indexes."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "home",
            "articles:article_list",
            "articles:dos_and_donts",
            "articles:faq",
            "glossary:term_list",
            "courses:course_list",
            "sources",
        ]

    def location(self, name):
        return reverse(name)


class TagSitemap(Sitemap):
    """Tag pages that list at least one published article or lesson."""

    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return (
            Tag.objects.filter(
                Q(articles_taggedarticle_items__content_object__in=Article.objects.published())
                | Q(
                    courses_taggedlesson_items__content_object__course__in=(
                        Course.objects.published()
                    )
                )
            )
            .distinct()
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("tag_detail", kwargs={"slug": tag.slug})


SITEMAPS = {
    name: type(sitemap.__name__, (SiteOriginSitemapMixin, sitemap), {})  # URLs on SITE_ORIGIN
    for name, sitemap in {
        "pages": StaticViewSitemap,
        "articles": ArticleSitemap,
        "terms": TermSitemap,
        "courses": CourseSitemap,
        "lessons": LessonSitemap,
        "scenarios": ScenarioSitemap,
        "tags": TagSitemap,
    }.items()
}
