from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.site import site_url

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """An Atom feed of the most recently published articles."""

    feed_type = Atom1Feed
    title = _("Diplomacy Portal: latest articles")
    subtitle = _("New principles, dos and don'ts, case studies and explainers.")
    author_name = _("Diplomacy Portal")

    # Links on the portal's origin (SITE_ORIGIN), not on the host the request named.
    def link(self):
        return site_url(reverse("articles:article_list"))

    def feed_url(self):
        return site_url(reverse("articles:feed"))

    def item_link(self, article):
        return site_url(article.get_absolute_url())

    def items(self):
        return (
            Article.objects.published()
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, article):
        return article.numbered_title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]
