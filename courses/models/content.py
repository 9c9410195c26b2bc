"""Courses and what they are made of: lessons, quizzes, questions and choices."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.cache_keys import seen_content_version
from core.caching import PAGE_TIMEOUT, keep_read, kept_read
from core.markdown import CONTENT_ID_PREFIX, UnrenderableMarkdown, render_markdown
from core.models import (
    ContentVersion,
    Publishable,
    PublishableQuerySet,
    RenderedMarkdownMixin,
    SlugManager,
    Source,
    Status,
    Timestamped,
)
from core.templatetags.portal import Outline


class CourseQuerySet(PublishableQuerySet):
    def with_outline_counts(self):
        return self.annotate(
            lesson_count=models.Count("lessons", distinct=True),
            quiz_count=models.Count("quizzes", distinct=True),
        )


class CourseManager(SlugManager.from_queryset(CourseQuerySet)):
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
        permissions = [("view_staff_reports", _("Can view trainee progress reports"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

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
        key = f"courses:questions:{quiz.pk}:{version}"
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
    is_scenario = False

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


class ObjectiveManager(models.Manager):
    def get_by_natural_key(self, course_slug, lesson_slug, position):
        return self.get(
            lesson__course__slug=course_slug, lesson__slug=lesson_slug, position=position
        )


class Objective(models.Model):
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
    position = models.PositiveSmallIntegerField(_("position"))
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

    objects = ObjectiveManager()

    class Meta:
        ordering = ["lesson", "position"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "position"], name="objective_unique_position")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.lesson.natural_key(), self.position)

    natural_key.dependencies = ["courses.lesson"]

    @staticmethod
    def heading_id(heading):
        """The id a lesson page gives an ``h2`` headed ``heading`` with no id of its own (as the
        ``outline`` filter makes it)."""
        return CONTENT_ID_PREFIX + (slugify(heading) or "part")

    @property
    def section_id(self):
        """The id of the section's heading on the lesson page ("" when none is named)."""
        return self.heading_id(self.section) if self.section else ""

    def clean(self):
        """Refuse a section the lesson has no heading for; keep the heading's text as the
        lesson shows it."""
        super().clean()
        self.section = " ".join(self.section.split())
        if not self.section:
            return
        try:
            html = render_markdown(self.lesson.body)
        except (Lesson.DoesNotExist, UnrenderableMarkdown):
            return  # no lesson yet, or a body the lesson's own form refuses
        headings = Outline(html).headings
        wanted = self.heading_id(self.section)
        for heading in headings:
            if heading.id == wanted:
                if len(heading.text) <= self._meta.get_field("section").max_length:
                    self.section = heading.text
                return
        named = [f"“{h.text}”" for h in headings if h.id == self.heading_id(h.text)]
        if not named:
            message = _(
                "This lesson has no section headed “%(section)s”: it has no headings. Leave "
                "the section blank, or give the lesson headings (lines starting “## ”)."
            ) % {"section": self.section}
        else:
            message = _(
                "This lesson has no section headed “%(section)s”. Its sections are: %(headings)s."
            ) % {"section": self.section, "headings": "; ".join(named)}
        raise ValidationError({"section": message})


class Reveal(models.TextChoices):
    ALWAYS = "always", _("Everything after every attempt")
    AFTER_PASS = "after_pass", _("Right or wrong per question until passed, then everything")
    NEVER = "never", _("Never the correct answers")


class RevealLevel(models.TextChoices):
    EVERYTHING = "everything"
    RIGHT_OR_WRONG = "right_or_wrong"
    SCORE_ONLY = "score_only"


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
    is_scenario = False

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

    def reveal_level(self, *, has_passed):
        """How much a results page shows, so that retakes stay meaningful."""
        if self.reveal == Reveal.ALWAYS or (self.reveal == Reveal.AFTER_PASS and has_passed):
            return RevealLevel.EVERYTHING
        if self.reveal == Reveal.AFTER_PASS:
            return RevealLevel.RIGHT_OR_WRONG
        return RevealLevel.SCORE_ONLY

    def natural_key(self):
        return (self.course.slug, self.slug)

    natural_key.dependencies = ["courses.course", "courses.lesson"]


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class QuestionQuerySet(models.QuerySet):
    def hardest_first(self):
        """Questions that have been answered, with the share answered right, lowest first."""
        answered = models.Count("answers")
        right = models.Count("answers", filter=models.Q(answers__is_correct=True))
        return (
            self.annotate(answered=answered, right=right)
            .filter(answered__gt=0)
            .annotate(
                share_right=models.ExpressionWrapper(
                    models.F("right") * 100.0 / models.F("answered"),
                    output_field=models.FloatField(),
                )
            )
            .select_related("quiz")
            .order_by("share_right", "quiz__slug", "position")
        )


class QuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
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
    situation = models.TextField(
        _("situation"),
        blank=True,
        help_text=_("A short situation from the field, shown before the prompt."),
    )
    prompt = models.TextField(_("prompt"))
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("objective assessed"),
    )
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

    def is_answered_by(self, chosen):
        """Whether ``chosen`` (choices) answers the question right, as courses.grading says."""
        from courses import grading  # grading reads QuestionKind from this module

        return grading.grade(self, chosen).is_correct

    def choice_problems(self, choices):
        """Why this question, with ``choices`` (anything with ``is_correct``), could not be
        answered right, in plain words; empty when it can. The admin, the course's publish check
        and the content loader all ask this."""
        choices = list(choices)
        correct = sum(1 for choice in choices if choice.is_correct)
        problems = []
        if len(choices) < 2:
            problems.append(_("A question needs at least two choices."))
        if not correct:
            problems.append(
                _("No choice is marked correct, so no answer could ever be right. Mark one.")
            )
        elif correct > 1 and self.kind != QuestionKind.MULTIPLE:
            problems.append(
                _(
                    "A %(kind)s question is answered with one choice, so exactly one may be "
                    "marked correct; %(count)d are. Mark only one, or make it a multiple-choice "
                    "question."
                )
                % {"kind": QuestionKind(self.kind).label.lower(), "count": correct}
            )
        return [str(problem) for problem in problems]

    def content_problems(self):
        """For the content loader: ``choice_problems`` of the saved choices, naming the course,
        quiz and question."""
        return [
            _("Course “%(course)s”, quiz “%(quiz)s”, question %(position)d: %(problem)s")
            % {
                "course": self.quiz.course.slug,
                "quiz": self.quiz.slug,
                "position": self.position,
                "problem": problem,
            }
            for problem in self.choice_problems(self.choices.all())
        ]

    natural_key.dependencies = ["courses.quiz", "courses.objective"]


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

    def content_problems(self):
        """For the content loader: a choice added to a question may leave it unanswerable."""
        return self.question.content_problems()
