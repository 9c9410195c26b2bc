"""Lessons, their tags and their objectives."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.content_languages import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, column
from core.markdown import CONTENT_ID_PREFIX, UnrenderableMarkdown, heading_slug, render_markdown
from core.models import RenderedMarkdownMixin, Source, Timestamped
from core.natural_keys import NaturalKeyManager, NaturalKeyMixin
from core.ordering import Positioned, ordered_within
from core.templatetags.portal import Outline


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

    Meta = ordered_within(
        "course",
        _("lesson"),
        _("lessons"),
        models.UniqueConstraint(fields=["course", "slug"], name="lesson_unique_slug"),
        models.CheckConstraint(
            condition=models.Q(estimated_minutes__gte=1), name="lesson_minutes_positive"
        ),
        name="lesson",
    )

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "courses:lesson_detail", kwargs={"course_slug": self.course.slug, "slug": self.slug}
        )


class Objective(NaturalKeyMixin, Positioned):
    """What a trainee can do after a lesson: the text completes "After this lesson you can …".

    ``section`` names the part of the lesson that teaches it, by the text of its heading as the
    lesson shows it, and a wrong answer to a question on the objective links there. The text
    rather than the heading's id: the page makes the id from the text (``section-`` and its
    slug), so rewording a heading changes both alike, while a name matched by its slug, as
    ``clean()`` matches it, survives changes of case, punctuation and quotation marks just as
    the id would. And the text is what an editor reads in the lesson and what the result page
    shows, so that page names the section without reading the lesson. A heading reworded or
    removed loses its objectives' links whichever is kept, so ``clean()`` checks the name
    against the lesson's headings; the lesson's admin page checks its objectives against the
    body being saved, so an edit of the body that would leave one pointing nowhere is refused
    there, on that objective.
    """

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

    section = models.CharField(
        _("section"),
        max_length=200,
        blank=True,
        help_text=_(
            "The heading of the lesson's section that teaches this, as the lesson shows it, "
            "e.g. “Levels”. A trainee who answers a question on it wrongly is sent there; "
            "leave it blank to send them to the top of the lesson."
        ),
    )

    natural_key_fields = ("lesson", "position")
    objects = NaturalKeyManager()

    Meta = ordered_within("lesson", _("objective"), _("objectives"), name="objective")

    def __str__(self):
        return self.text

    @staticmethod
    def heading_id(heading):
        """The id a lesson page gives an ``h2`` headed ``heading`` with no id of its own (as the
        ``outline`` filter makes it)."""
        return CONTENT_ID_PREFIX + (heading_slug(heading) or "part")

    @property
    def section_id(self):
        """The id of the section's heading on the lesson page ("" when none is named)."""
        return self.heading_id(self.section) if self.section else ""

    def clean(self):
        """Refuse a section the lesson has no heading for; keep the heading's text as the
        lesson shows it. In each language: the French section is a heading of the French body
        (of the English one while the lesson has no French body, as its French page shows)."""
        super().clean()
        errors = {}
        for code in CONTENT_LANGUAGES:
            try:
                self._clean_section(code)
            except ValidationError as error:
                key = "section" if code == DEFAULT_LANGUAGE else column("section", code)
                errors[key] = error.messages
        if errors:
            raise ValidationError(errors)

    def _clean_section(self, code):
        name = column("section", code)
        if getattr(self, name) is None:
            return
        section = " ".join(getattr(self, name).split())
        setattr(self, name, section)
        if not section:
            return
        try:
            lesson = self.lesson
            body = getattr(lesson, column("body", code)) or getattr(
                lesson, column("body", DEFAULT_LANGUAGE)
            )
            html = render_markdown(body)
        except (Lesson.DoesNotExist, UnrenderableMarkdown):
            return  # no lesson yet, or a body the lesson's own form refuses
        headings = Outline(html).headings
        wanted = self.heading_id(section)
        for heading in headings:
            if heading.id == wanted:
                if len(heading.text) <= self._meta.get_field(name).max_length:
                    setattr(self, name, heading.text)
                return
        named = [f"“{h.text}”" for h in headings if h.id == self.heading_id(h.text)]
        if not named:
            message = _(
                "This lesson has no section headed “%(section)s”: it has no headings. Leave "
                "the section blank, or give the lesson headings (lines starting “## ”)."
            ) % {"section": section}
        else:
            message = _(
                "This lesson has no section headed “%(section)s”. Its sections are: %(headings)s."
            ) % {"section": section, "headings": "; ".join(named)}
        raise ValidationError(message)
