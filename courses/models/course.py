"""Courses: what a course page reads, its outline and its publish check."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.cache_keys import QUIZ_QUESTIONS, seen_content_version
from core.caching import PAGE_TIMEOUT, keep_read, kept_read
from core.models import (
    ContentVersion,
    Publishable,
    PublishableQuerySet,
    RenderedMarkdownMixin,
    Status,
    Timestamped,
)
from core.natural_keys import NaturalKeyManager, NaturalKeyMixin
from courses.models.lesson import Objective
from courses.models.quiz import Choice, Question


class CourseQuerySet(PublishableQuerySet):
    def with_outline_counts(self):
        return self.annotate(
            lesson_count=models.Count("lessons", distinct=True),
            quiz_count=models.Count("quizzes", distinct=True),
        )


class CourseManager(NaturalKeyManager.from_queryset(CourseQuerySet)):
    def get_with_outline(self, slug):
        """The course with ``slug`` (or None) and its outline, kept until content changes.

        Every course page starts here, so a published course this process has read since the
        content last changed costs one small query (the content version), and one it has not,
        one query too: the course and the version are read together.
        """
        if len(slug) > self.model._meta.get_field("slug").max_length:
            return None  # no such course
        course = kept_read("course", slug)
        if course is None:
            course = self.get_with_content_version(slug)
            if course is None:
                return None
            seen_content_version(course.content_version)  # the request's keys use it too
            course.outline  # noqa: B018 (built now, to be kept with the course)
            # A draft or scheduled course is read each time, so that it shows as published
            # (no draft banner) as soon as its publication time passes, however it got there.
            if course.is_published:
                keep_read("course", slug, course, course.content_version)
        return course

    def get_with_content_version(self, slug):
        """The course with ``slug`` (or None), its ``content_version`` read in the same query.

        A plain statement: the ORM would take longer to build it than the database to run it.
        """
        version = connection.ops.quote_name(ContentVersion._meta.db_table)
        sql = f"""
            SELECT course.*,
                COALESCE((SELECT number FROM {version} ORDER BY id LIMIT 1), 0) AS content_version
            FROM {connection.ops.quote_name(self.model._meta.db_table)} course
            WHERE course.slug = %s
        """  # noqa: S608 (table names only)
        return next(iter(self.raw(sql, [slug])), None)


class Course(NaturalKeyMixin, RenderedMarkdownMixin, Publishable, Timestamped):
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
    natural_key_fields = ("slug",)
    objects = CourseManager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [("view_staff_reports", _("Can view trainee progress reports"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED and self.pk is not None:
            problems = self.unpassable_questions()
            if problems:
                raise ValidationError(
                    {
                        "status": [
                            _(
                                "The course cannot be published while a quiz has a question "
                                "nobody could answer right. Fix its choices first:"
                            ),
                            *problems,
                        ]
                    }
                )

    def unpassable_questions(self):
        """A message for each question of the course's quizzes that could not be answered right,
        naming the quiz and the question."""
        questions = (
            Question.objects.filter(quiz__course=self)
            .select_related("quiz")
            .prefetch_related("choices")
            .order_by("quiz__title", "position")
        )
        return [
            _("Quiz “%(quiz)s”, question %(position)d (“%(prompt)s”): %(problem)s")
            % {
                "quiz": question.quiz.title,
                "position": question.position,
                "prompt": Truncator(question.prompt).chars(60),
                "problem": problem,
            }
            for question in questions
            for problem in question.choice_problems(question.choices.all())
        ]

    def is_visible_to(self, user):
        """What ``Course.objects.visible_to(user)`` would say of this course."""
        return user.is_staff or self.is_published

    def lesson_in_outline(self, slug):
        """The outline's lesson with ``slug`` (or None); its body is read when first used."""
        return next((step for step in self.outline if step.slug == slug and not step.is_quiz), None)

    def progress_for(self, user):
        """The trainee's progress in this course (``courses.progress``), in one query."""
        from courses.progress import progress_for

        return progress_for(self, user)

    def lessons_around(self, lesson):
        """The lessons just before and just after ``lesson`` (or None)."""
        lessons = [step for step in self.outline if not step.is_quiz]
        index = next(i for i, other in enumerate(lessons) if other.pk == lesson.pk)
        previous = lessons[index - 1] if index > 0 else None
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        return previous, following

    def quizzes_after(self, lesson):
        return [step for step in self.outline if step.is_quiz and step.after_lesson_id == lesson.pk]

    def next_step_for(self, progress):
        """The first step that counts and is not done, in outline order (or None)."""
        from courses.progress import next_step

        return next_step(self, progress)

    def questions_of(self, quiz):
        """The quiz's questions in order with their choices in order, cached until content
        changes."""
        version = getattr(self, "content_version", None)  # read with the course, if it was
        if version is None:
            version = ContentVersion.current()
        key = QUIZ_QUESTIONS.key(quiz, content_version=version)
        questions = cache.get(key)
        if questions is None:
            in_order = Choice.objects.order_by("position")
            questions = list(
                quiz.questions.prefetch_related(models.Prefetch("choices", queryset=in_order))
            )
            cache.set(key, questions, PAGE_TIMEOUT)
        return questions

    @cached_property
    def outline(self):
        """The lessons in order (with their objectives), each followed by the quizzes placed
        after it, then the finals."""
        objectives = models.Prefetch("objectives", queryset=Objective.objects.order_by("position"))
        lessons = list(
            self.lessons.only(
                "course_id", "slug", "title", "position", "summary", "estimated_minutes"
            ).prefetch_related(objectives)
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

    @cached_property
    def outline_with_scenarios(self):
        """The outline with the course's published scenarios placed in it.

        A scenario follows the quizzes of the lesson it is placed after; one placed after no
        lesson comes after the last lesson's quizzes, before the final quizzes. ``outline``
        itself stays lessons and quizzes only, since progress is counted from it.
        """
        pending = {}
        for scenario in self.scenarios.published().only(
            "course_id",
            "slug",
            "title",
            "after_lesson_id",
            "estimated_minutes",
            "counts_towards_completion",
        ):
            scenario.course = self
            pending.setdefault(scenario.after_lesson_id, []).append(scenario)
        steps, group = [], ...  # no lesson group yet
        for step in self.outline:
            lesson_id = step.after_lesson_id if step.is_quiz else step.pk
            if not step.is_quiz or (lesson_id is None and group is not None):
                steps.extend(pending.pop(group, []))
                if lesson_id is None:
                    steps.extend(pending.pop(None, []))
                group = lesson_id
            steps.append(step)
        steps.extend(pending.pop(group, []))
        return steps + pending.pop(None, [])
