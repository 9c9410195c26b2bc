from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from diplomacy_portal.models import (
    Publishable,
    PublishableQuerySet,
    RenderedMarkdownMixin,
    SlugManager,
    Source,
    Timestamped,
)


class User(AbstractUser):
    """A portal account. Trainees choose the display name shown on their certificates."""

    display_name = models.CharField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("Shown on your certificates. It need not be your full name."),
    )

    def __str__(self):
        return self.display_name or self.username

    @property
    def shown_name(self):
        return self.display_name or self.username


class CourseQuerySet(PublishableQuerySet):
    def with_outline_counts(self):
        return self.annotate(
            lesson_count=models.Count("lessons", distinct=True),
            quiz_count=models.Count("quizzes", distinct=True),
        )


class CourseManager(SlugManager.from_queryset(CourseQuerySet)):
    pass


class Course(RenderedMarkdownMixin, Publishable, Timestamped):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    description = models.TextField(_("description (Markdown)"))
    description_html = models.TextField(editable=False, blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated time in minutes"), default=60)
    lessons_in_order = models.BooleanField(
        _("lessons must be done in order"),
        default=False,
        help_text=_("When set, a lesson opens only after the lessons before it are done."),
    )

    markdown_fields = ("description",)
    objects = CourseManager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def outline(self):
        """The lessons in order, each followed by the quizzes placed after it, then the finals."""
        lessons = list(
            self.lessons.only(
                "course_id", "slug", "title", "position", "summary", "estimated_minutes"
            )
        )
        quizzes = list(self.quizzes.only("course_id", "slug", "title", "after_lesson_id"))
        steps = []
        for lesson in lessons:
            lesson.course = self
            steps.append(lesson)
            steps.extend(q for q in quizzes if q.after_lesson_id == lesson.pk)
        final = [q for q in quizzes if q.after_lesson_id is None]
        for quiz in quizzes:
            quiz.course = self
        return steps + final


class CourseChildManager(models.Manager):
    def get_by_natural_key(self, course_slug, slug):
        return self.get(course__slug=course_slug, slug=slug)


class TaggedLessonManager(models.Manager):
    def get_by_natural_key(self, course_slug, lesson_slug, tag_name):
        return self.get(
            content_object__course__slug=course_slug,
            content_object__slug=lesson_slug,
            tag__name=tag_name,
        )


class TaggedLesson(TaggedItemBase):
    content_object = models.ForeignKey("Lesson", on_delete=models.CASCADE)

    objects = TaggedLessonManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_lesson_unique")
        ]

    def natural_key(self):
        return (*self.content_object.natural_key(), self.tag.name)

    natural_key.dependencies = ["courses.lesson", "taggit.tag"]


class Lesson(RenderedMarkdownMixin, Timestamped):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"))
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
    objects = CourseChildManager()
    is_quiz = False

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_unique_slug"),
            models.UniqueConstraint(fields=["course", "position"], name="lesson_unique_position"),
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

    def natural_key(self):
        return (self.course.slug, self.slug)

    natural_key.dependencies = ["courses.course"]

    def neighbours(self):
        """The lessons just before and just after this one in its course (or None)."""
        siblings = Lesson.objects.filter(course_id=self.course_id).only(
            "course_id", "slug", "title", "position"
        )
        previous = siblings.filter(position__lt=self.position).order_by("-position").first()
        following = siblings.filter(position__gt=self.position).order_by("position").first()
        for lesson in (previous, following):
            if lesson is not None:
                lesson.course = self.course
        return previous, following


class Reveal(models.TextChoices):
    ALWAYS = "always", _("Everything after every attempt")
    AFTER_PASS = "after_pass", _("Right or wrong per question until passed, then everything")
    NEVER = "never", _("Never the correct answers")


class Quiz(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    introduction = models.TextField(_("introduction"), blank=True)
    after_lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("after lesson"),
        help_text=_("Leave empty for the course's final quiz."),
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    reveal = models.CharField(
        _("what results reveal"), max_length=12, choices=Reveal.choices, default=Reveal.ALWAYS
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempt limit"), null=True, blank=True, help_text=_("Empty for unlimited retakes.")
    )

    objects = CourseChildManager()
    is_quiz = True

    class Meta:
        ordering = ["course", "after_lesson__position"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="quiz_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                name="quiz_pass_mark_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True) | models.Q(max_attempts__gte=1),
                name="quiz_max_attempts_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "courses:quiz_detail", kwargs={"course_slug": self.course.slug, "slug": self.slug}
        )

    def natural_key(self):
        return (self.course.slug, self.slug)

    natural_key.dependencies = ["courses.course", "courses.lesson"]


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class QuestionManager(models.Manager):
    def get_by_natural_key(self, course_slug, quiz_slug, position):
        return self.get(quiz__course__slug=course_slug, quiz__slug=quiz_slug, position=position)


class Question(RenderedMarkdownMixin, models.Model):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    prompt = models.TextField(_("prompt"))
    explanation = models.TextField(_("explanation (Markdown)"), blank=True)
    explanation_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("explanation",)
    objects = QuestionManager()

    class Meta:
        ordering = ["quiz", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="question_unique_position"),
            models.CheckConstraint(
                condition=models.Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
        ]

    def __str__(self):
        return self.prompt[:80]

    def natural_key(self):
        return (*self.quiz.natural_key(), self.position)

    natural_key.dependencies = ["courses.quiz"]


class ChoiceManager(models.Manager):
    def get_by_natural_key(self, course_slug, quiz_slug, question_position, position):
        return self.get(
            question__quiz__course__slug=course_slug,
            question__quiz__slug=quiz_slug,
            question__position=question_position,
            position=position,
        )


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    objects = ChoiceManager()

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_unique_position")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.question.natural_key(), self.position)

    natural_key.dependencies = ["courses.question"]
