"""Lessons, their tags and their objectives."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.models import RenderedMarkdownMixin, Source, Timestamped
from core.natural_keys import NaturalKeyManager, NaturalKeyMixin
from core.ordering import Positioned, unique_position


class TaggedLesson(NaturalKeyMixin, TaggedItemBase):
    content_object = models.ForeignKey("Lesson", on_delete=models.CASCADE)

    natural_key_fields = ("content_object", "tag")
    objects = NaturalKeyManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_lesson_unique")
        ]


class Lesson(NaturalKeyMixin, RenderedMarkdownMixin, Positioned, Timestamped):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    sources = models.ManyToManyField(Source, related_name="lessons", verbose_name=_("sources"))
    related_articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="lessons",
        verbose_name=_("learn more: related articles"),
    )
    tags = TaggableManager(through=TaggedLesson, blank=True, verbose_name=_("tags"))

    markdown_fields = ("body",)
    natural_key_fields = ("course", "slug")
    objects = NaturalKeyManager()
    is_quiz = False
    is_scenario = False

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_unique_slug"),
            unique_position("course", name="lesson_unique_position"),
            models.CheckConstraint(
                condition=models.Q(estimated_minutes__gte=1), name="lesson_minutes_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "courses:lesson_detail", kwargs={"course_slug": self.course.slug, "slug": self.slug}
        )


class Objective(NaturalKeyMixin, Positioned):
    """What a trainee can do after a lesson: the text completes "After this lesson you can …"."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("lesson")
    )
    text = models.CharField(
        _("objective"),
        max_length=300,
        help_text=_(
            "Completes “After this lesson you can …”, e.g. “tell a humanitarian argument from "
            "a political one”."
        ),
    )

    natural_key_fields = ("lesson", "position")
    objects = NaturalKeyManager()

    class Meta:
        ordering = ["lesson", "position"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [unique_position("lesson", name="objective_unique_position")]

    def __str__(self):
        return self.text
