import secrets
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
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


@dataclass
class CourseProgress:
    """Where one trainee stands in one course."""

    enrollment: "Enrollment | None"
    lesson_ids: list[int]
    quiz_ids: list[int]
    done_lesson_ids: set[int] = field(default_factory=set)
    passed_quiz_ids: set[int] = field(default_factory=set)
    best_scores: dict[int, int] = field(default_factory=dict)

    @property
    def is_enrolled(self):
        return self.enrollment is not None

    @property
    def is_complete(self):
        return self.enrollment is not None and self.enrollment.completed_at is not None

    @property
    def lessons_done(self):
        return len(self.done_lesson_ids)

    @property
    def quizzes_passed(self):
        return len(self.passed_quiz_ids)

    @property
    def steps_total(self):
        return len(self.lesson_ids) + len(self.quiz_ids)

    @property
    def steps_done(self):
        return self.lessons_done + self.quizzes_passed

    @property
    def percent(self):
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0

    def first_open_lesson_before(self, lesson):
        """For courses taken in order: the earliest unfinished lesson before ``lesson``."""
        for lesson_id in self.lesson_ids:
            if lesson_id == lesson.pk:
                return None
            if lesson_id not in self.done_lesson_ids:
                return lesson_id
        return None


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
        permissions = [("view_staff_reports", _("Can view trainee progress reports"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def progress_for(self, user):
        """The trainee's progress in this course, in a fixed number of queries."""
        lesson_ids = [step.pk for step in self.outline if not step.is_quiz]
        quiz_ids = [step.pk for step in self.outline if step.is_quiz]
        progress = CourseProgress(enrollment=None, lesson_ids=lesson_ids, quiz_ids=quiz_ids)
        if not user.is_authenticated:
            return progress
        progress.enrollment = Enrollment.objects.filter(user=user, course=self).first()
        if progress.enrollment is None:
            return progress
        progress.done_lesson_ids = set(
            LessonCompletion.objects.filter(user=user, lesson__course=self).values_list(
                "lesson_id", flat=True
            )
        )
        best = (
            Attempt.objects.filter(user=user, quiz__course=self)
            .values("quiz_id")
            .annotate(
                best=models.Max("score"), passed=models.Max(Cast("passed", models.IntegerField()))
            )
            .order_by()
        )
        for row in best:
            progress.best_scores[row["quiz_id"]] = row["best"]
            if row["passed"]:
                progress.passed_quiz_ids.add(row["quiz_id"])
        return progress

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
        """The first lesson not done or quiz not passed, in outline order (or None)."""
        for step in self.outline:
            done = progress.passed_quiz_ids if step.is_quiz else progress.done_lesson_ids
            if step.pk not in done:
                return step
        return None

    @cached_property
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

    def is_answered_by(self, chosen):
        """Right when exactly the correct choices are chosen (all of them, and only them)."""
        correct = {choice.pk for choice in self.choices.all() if choice.is_correct}
        return bool(correct) and {choice.pk for choice in chosen} == correct

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


# Trainee records: what people earned. Content they point to is protected from deletion.


class EnrollmentQuerySet(models.QuerySet):
    def for_dashboard(self, user):
        """The user's enrollments with their progress counted in the same query."""
        done = LessonCompletion.objects.filter(
            user=user, lesson__course=models.OuterRef("course")
        ).values("user")
        passed = Attempt.objects.filter(
            user=user, passed=True, quiz__course=models.OuterRef("course")
        ).values("user")
        return (
            self.filter(user=user)
            .select_related("course")
            .annotate(
                lesson_total=models.Count("course__lessons", distinct=True),
                quiz_total=models.Count("course__quizzes", distinct=True),
                lessons_done=models.Subquery(
                    done.annotate(n=models.Count("lesson", distinct=True)).values("n")[:1]
                ),
                quizzes_passed=models.Subquery(
                    passed.annotate(n=models.Count("quiz", distinct=True)).values("n")[:1]
                ),
            )
            .order_by("-last_activity_at")
        )

    def for_report(self, course):
        """Every trainee enrolled in the course with lessons done and quizzes passed."""
        done = LessonCompletion.objects.filter(
            user=models.OuterRef("user"), lesson__course=course
        ).values("user")
        passed = Attempt.objects.filter(
            user=models.OuterRef("user"), passed=True, quiz__course=course
        ).values("user")
        return (
            self.filter(course=course)
            .select_related("user")
            .annotate(
                lessons_done=models.Subquery(
                    done.annotate(n=models.Count("lesson", distinct=True)).values("n")[:1]
                ),
                quizzes_passed=models.Subquery(
                    passed.annotate(n=models.Count("quiz", distinct=True)).values("n")[:1]
                ),
            )
            .order_by("user__username")
        )


class Enrollment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollment_once_per_course")
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"

    @property
    def steps_total(self):
        return self.lesson_total + self.quiz_total

    @property
    def steps_done(self):
        return (self.lessons_done or 0) + (self.quizzes_passed or 0)


class LessonCompletion(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_completed_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


class AttemptQuerySet(models.QuerySet):
    def passed(self):
        return self.filter(passed=True)

    def best_scores_in(self, course):
        """``{(user_id, quiz_id): best score}`` for every attempt in the course."""
        rows = (
            self.filter(quiz__course=course)
            .values("user_id", "quiz_id")
            .annotate(best=models.Max("score"))
            .order_by()
        )
        return {(row["user_id"], row["quiz_id"]): row["best"] for row in rows}


class Attempt(models.Model):
    """One submitted quiz attempt. ``token`` is unique per attempt form, so a replay is ignored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    token = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    correct_count = models.PositiveSmallIntegerField(_("questions right"))
    question_count = models.PositiveSmallIntegerField(_("questions"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="attempt_score_percentage"
            ),
            models.CheckConstraint(
                condition=models.Q(correct_count__lte=models.F("question_count")),
                name="attempt_correct_within_questions",
            ),
        ]
        indexes = [models.Index(fields=["user", "quiz", "-score"], name="attempt_user_quiz_score")]

    def __str__(self):
        return f"{self.user} · {self.quiz} · {self.score}%"

    def get_absolute_url(self):
        return reverse(
            "courses:attempt_detail",
            kwargs={"course_slug": self.quiz.course.slug, "slug": self.quiz.slug, "pk": self.pk},
        )


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.ManyToManyField(Choice, related_name="answers", verbose_name=_("chosen"))
    is_correct = models.BooleanField(_("right"))

    class Meta:
        ordering = ["attempt", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_once_per_question")
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question.position}"


CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    """Sixteen characters from an unambiguous alphabet (about 79 bits), grouped by four."""
    raw = "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class Certificate(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(
        _("verification code"), max_length=19, unique=True, default=new_certificate_code
    )
    name = models.CharField(_("name on certificate"), max_length=120)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="certificate_once_per_course")
        ]

    def __str__(self):
        return f"{self.code} · {self.name} · {self.course}"

    def get_absolute_url(self):
        return reverse("courses:certificate", kwargs={"code": self.code})

    def get_verification_url(self):
        return reverse("courses:certificate_verify", kwargs={"code": self.code})


class PackDownload(models.Model):
    """The offline pack version a trainee last downloaded, so the course page can say when a
    newer one exists (``courses.offline``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="pack_downloads")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="pack_downloads")
    version = models.CharField(_("pack version"), max_length=20)
    downloaded_at = models.DateTimeField(_("downloaded"), default=timezone.now)

    class Meta:
        verbose_name = _("offline pack download")
        verbose_name_plural = _("offline pack downloads")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="pack_download_once_per_course")
        ]

    def __str__(self):
        return f"{self.user} · {self.course} · {self.version}"


# Negotiation scenarios: a briefing, decision points joined by choices, and endings. Trainees
# take them in runs; each step of a run records the choice made and what it changed.


class Measure(models.TextChoices):
    """What a scenario tracks. Each choice moves some of them; a run's result is their sums."""

    ACCESS = "access", _("Humanitarian access")
    TRUST = "trust", _("Trust with the counterpart")
    STAFF_SAFETY = "staff_safety", _("Safety of staff")
    LOCAL_STAFF_SAFETY = "local_staff_safety", _("Safety of local staff")
    CIVILIANS = "civilians", _("Protection of civilians")
    HUMANITY = "humanity", _("Humanity")
    NEUTRALITY = "neutrality", _("Neutrality")
    IMPARTIALITY = "impartiality", _("Impartiality")
    INDEPENDENCE = "independence", _("Independence")


PRINCIPLE_MEASURES = (
    Measure.HUMANITY,
    Measure.NEUTRALITY,
    Measure.IMPARTIALITY,
    Measure.INDEPENDENCE,
)
EFFECT_LIMIT = 5  # one choice moves a measure by at most this much either way
MEASURE_SCALE = 10  # the bars run from -10 to +10; a run starts at 0 on every measure


class ScenarioQuerySet(PublishableQuerySet):
    pass


class ScenarioManager(SlugManager.from_queryset(ScenarioQuerySet)):
    pass


class Scenario(RenderedMarkdownMixin, Publishable, Timestamped):
    """A negotiation to practise. Runs start at its first decision point (lowest position)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    briefing = models.TextField(_("briefing (Markdown)"))
    briefing_html = models.TextField(editable=False, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("course"),
        help_text=_("Optional: the course whose outline shows this scenario."),
    )
    after_lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("after lesson"),
        help_text=_(
            "Where it appears in the course: after this lesson and its quizzes. Leave empty "
            "to place it after the last lesson, before the final quiz."
        ),
    )
    counts_towards_completion = models.BooleanField(
        _("counts towards completion"),
        default=False,
        help_text=_("When set, the course is complete only once the trainee has finished a run."),
    )
    sources = models.ManyToManyField(Source, related_name="scenarios", verbose_name=_("sources"))

    markdown_fields = ("briefing",)
    objects = ScenarioManager()
    is_quiz = False
    is_scenario = True

    class Meta:
        ordering = ["title"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=False)
                | models.Q(after_lesson__isnull=True, counts_towards_completion=False),
                name="scenario_placement_needs_course",
                violation_error_message=_(
                    "Choose the course before placing the scenario after a lesson or counting "
                    "it towards completion."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:scenario_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if (
            self.after_lesson_id is not None
            and self.course_id is not None
            and self.after_lesson.course_id != self.course_id
        ):
            raise ValidationError(
                {"after_lesson": _("Choose a lesson of the course the scenario is placed in.")}
            )

    natural_key.dependencies = ["courses.course", "courses.lesson"]


class ScenarioChildManager(models.Manager):
    def get_by_natural_key(self, scenario_slug, slug):
        return self.get(scenario__slug=scenario_slug, slug=slug)


class DecisionPoint(RenderedMarkdownMixin, models.Model):
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.CASCADE,
        related_name="decision_points",
        verbose_name=_("scenario"),
    )
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Order in the editor; the lowest is where every run starts.")
    )
    title = models.CharField(
        _("title"), max_length=120, help_text=_("A few words: it labels the box on the map.")
    )
    counterpart = models.CharField(_("across the table"), max_length=200)
    stakes = models.CharField(_("what is at stake"), max_length=300)
    situation = models.TextField(_("situation (Markdown)"))
    situation_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("situation",)
    objects = ScenarioChildManager()

    class Meta:
        ordering = ["scenario", "position"]
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "slug"], name="decision_point_unique_slug"),
            models.UniqueConstraint(
                fields=["scenario", "position"], name="decision_point_unique_position"
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.scenario.slug, self.slug)

    natural_key.dependencies = ["courses.scenario"]


class Ending(RenderedMarkdownMixin, models.Model):
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="endings", verbose_name=_("scenario")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=120)
    outcome = models.TextField(_("outcome (Markdown)"))
    outcome_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("outcome",)
    objects = ScenarioChildManager()

    class Meta:
        ordering = ["scenario", "position"]
        verbose_name = _("ending")
        verbose_name_plural = _("endings")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "slug"], name="ending_unique_slug"),
            models.UniqueConstraint(fields=["scenario", "position"], name="ending_unique_position"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.scenario.slug, self.slug)

    natural_key.dependencies = ["courses.scenario"]


class ScenarioChoiceManager(models.Manager):
    def get_by_natural_key(self, scenario_slug, point_slug, position):
        return self.get(
            point__scenario__slug=scenario_slug, point__slug=point_slug, position=position
        )


def _effect_field(label):
    return models.SmallIntegerField(label, default=0)


class ScenarioChoice(RenderedMarkdownMixin, models.Model):
    """One option at a decision point: where it leads, what it changes and why it matters.

    ``scenario`` repeats ``point.scenario`` so that editors can build every choice of a
    scenario on one admin page; the graph check reports any choice that strays outside it.
    Leading nowhere is allowed in the database so that a draft can be saved half-built.
    """

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="choices", verbose_name=_("scenario")
    )
    point = models.ForeignKey(
        DecisionPoint,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("at decision point"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=400)
    leads_to = models.ForeignKey(
        DecisionPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("leads to decision point"),
    )
    ending = models.ForeignKey(
        Ending,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("or ends the scenario with"),
    )
    access = _effect_field(Measure.ACCESS.label)
    trust = _effect_field(Measure.TRUST.label)
    staff_safety = _effect_field(Measure.STAFF_SAFETY.label)
    local_staff_safety = _effect_field(Measure.LOCAL_STAFF_SAFETY.label)
    civilians = _effect_field(Measure.CIVILIANS.label)
    humanity = _effect_field(Measure.HUMANITY.label)
    neutrality = _effect_field(Measure.NEUTRALITY.label)
    impartiality = _effect_field(Measure.IMPARTIALITY.label)
    independence = _effect_field(Measure.INDEPENDENCE.label)
    debrief_note = models.TextField(
        _("debrief note (Markdown)"),
        help_text=_("Why this choice has these consequences, and what the linked pages teach."),
    )
    debrief_note_html = models.TextField(editable=False, blank=True)
    articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="scenario_choices",
        verbose_name=_("principles, dos, don'ts and cases"),
    )
    terms = models.ManyToManyField(
        "glossary.Term",
        blank=True,
        related_name="scenario_choices",
        verbose_name=_("glossary terms"),
    )

    markdown_fields = ("debrief_note",)
    objects = ScenarioChoiceManager()

    class Meta:
        ordering = ["point", "position"]
        verbose_name = _("scenario choice")
        verbose_name_plural = _("scenario choices")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "position"], name="scenario_choice_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(leads_to__isnull=True) | models.Q(ending__isnull=True),
                name="scenario_choice_one_destination",
                violation_error_message=_(
                    "A choice leads either to a decision point or to an ending, not to both."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *(
                        models.Q(**{f"{m}__gte": -EFFECT_LIMIT, f"{m}__lte": EFFECT_LIMIT})
                        for m in Measure.values
                    )
                ),
                name="scenario_choice_effects_in_range",
                violation_error_message=_("Each effect must be between -5 and +5."),
            ),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.point.scenario.slug, self.point.slug, self.position)

    natural_key.dependencies = ["courses.decisionpoint", "courses.ending"]

    @property
    def effects(self):
        """``{measure: change}`` for the measures this choice moves, in the order of Measure."""
        return {m: getattr(self, m) for m in Measure.values if getattr(self, m)}


class ScenarioRunQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)


class ScenarioRun(models.Model):
    """One trainee's pass through a scenario. Its state lives here, never in the browser.

    ``step_count`` is the number of decisions taken; a decision form answers step
    ``step_count + 1`` and any other step number is a replay, ignored. ``measures`` holds the
    running sums of the changes recorded on the steps.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scenario_runs")
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="runs")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    current_point = models.ForeignKey(
        DecisionPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ending = models.ForeignKey(
        Ending, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    step_count = models.PositiveSmallIntegerField(_("decisions taken"), default=0)
    measures = models.JSONField(_("measures"), default=dict)

    objects = ScenarioRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    current_point__isnull=False, ending__isnull=True, finished_at__isnull=True
                )
                | models.Q(
                    current_point__isnull=True, ending__isnull=False, finished_at__isnull=False
                ),
                name="scenario_run_either_at_a_point_or_ended",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "scenario", "-started_at"], name="scenario_run_user")
        ]

    def __str__(self):
        return f"{self.user} · {self.scenario}"

    def get_absolute_url(self):
        name = "courses:scenario_debrief" if self.is_finished else "courses:scenario_run"
        return reverse(name, kwargs={"slug": self.scenario.slug, "pk": self.pk})

    @property
    def is_finished(self):
        return self.finished_at is not None


class RunStep(models.Model):
    """One decision of a run, with the changes it made as they were when it was taken."""

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    point = models.ForeignKey(DecisionPoint, on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(ScenarioChoice, on_delete=models.PROTECT, related_name="steps")
    changes = models.JSONField(_("changes"), default=dict)
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        ordering = ["run", "number"]
        verbose_name = _("run step")
        verbose_name_plural = _("run steps")
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="run_step_once_per_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="run_step_from_one"),
        ]

    def __str__(self):
        return f"{self.run} · {self.number}"
