from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from core.models import (
    Publishable,
    PublishableQuerySet,
    RenderedMarkdownMixin,
    SlugManager,
    Source,
    Timestamped,
)


class Kind(models.TextChoices):
    PRINCIPLE = "principle", _("Principle")
    DO = "do", _("Do")
    DONT = "dont", _("Don't")
    CASE_STUDY = "case", _("Case study")
    EXPLAINER = "explainer", _("Explainer")
    FAQ = "faq", _("Frequently asked question")


KIND_PLURALS = {
    Kind.PRINCIPLE: _("Principles"),
    Kind.DO: _("Dos"),
    Kind.DONT: _("Don'ts"),
    Kind.CASE_STUDY: _("Case studies"),
    Kind.EXPLAINER: _("Explainers"),
    Kind.FAQ: _("Frequently asked questions"),
}


class ArticleQuerySet(PublishableQuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def for_listing(self):
        return self.only("slug", "title", "kind", "position", "summary", "status", "published_at")

    def for_detail(self):
        return self.prefetch_related("sources", "tags")

    def tags_used(self):
        """The tags these articles carry, by name, each with ``uses``: how many carry it."""
        return (
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=self)
            .annotate(uses=Count("articles_taggedarticle_items"))
            .order_by("name")
        )


class ArticleManager(SlugManager.from_queryset(ArticleQuerySet)):
    pass


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_slug, tag_name):
        return self.get(content_object__slug=article_slug, tag__name=tag_name)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    objects = TaggedArticleManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique")
        ]

    def natural_key(self):
        return (self.content_object.slug, self.tag.name)

    natural_key.dependencies = ["articles.article", "taggit.tag"]


class Article(RenderedMarkdownMixin, Publishable, Timestamped):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order within its kind; dos and don'ts are 1 to 5.")
    )
    summary = models.CharField(_("summary"), max_length=400)
    body = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    tags = TaggableManager(through=TaggedArticle, blank=True, verbose_name=_("tags"))
    related_articles = models.ManyToManyField(
        "self", blank=True, verbose_name=_("related articles")
    )
    sources = models.ManyToManyField(Source, related_name="articles", verbose_name=_("sources"))

    markdown_fields = ("body",)
    objects = ArticleManager()

    class Meta:
        ordering = ["kind", "position", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "position"],
                condition=models.Q(position__gt=0),
                name="article_unique_position_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="article_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=[Kind.DO, Kind.DONT])
                | models.Q(position__gte=1, position__lte=5),
                name="article_dos_and_donts_numbered_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["kind", "position"], name="article_kind_position")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def related_for(self, user, limit=6):
        """Editors' choices first, then articles that share the most tags with this one."""
        visible = Article.objects.visible_to(user).for_listing()
        chosen = list(visible.filter(related_articles=self).order_by("kind", "position"))
        if len(chosen) >= limit:
            return chosen[:limit]
        by_tags = (
            visible.filter(tags__in=self.tags.all())
            .exclude(pk=self.pk)
            .exclude(pk__in=[article.pk for article in chosen])
            .annotate(shared_tags=models.Count("pk"))
            .order_by("-shared_tags", "kind", "position")
        )
        return chosen + list(by_tags[: limit - len(chosen)])

    @property
    def numbered_title(self):
        if self.kind in (Kind.DO, Kind.DONT) and self.position:
            return f"{self.position}. {self.title}"
        return self.title
