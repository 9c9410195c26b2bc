"""Trainee records: what people did and earned. Content they point to is protected."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models.course import Course
from courses.models.lesson import Lesson
from courses.models.quiz import Choice, Question, Quiz


class EnrollmentQuerySet(models.QuerySet):
    def for_dashboard(self, user):
        """The user's enrollments with their progress counted in the same query."""
        from courses.progress import with_progress

        enrollments = self.filter(user=user).select_related("course")
        return with_progress(enrollments).order_by("-last_activity_at")

    def for_report(self, course):
        """Every trainee enrolled in the course with their progress counted in the same query."""
        from courses.progress import with_progress

        enrollments = self.filter(course=course).select_related("user")
        return with_progress(enrollments).order_by("user__username")


class Enrollment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("user")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("course")
    )
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
    def progress(self):
        """The step counts of an enrollment read ``for_dashboard`` or ``for_report``."""
        from courses.progress import CountedProgress

        return CountedProgress(self)


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="lesson_completions", verbose_name=_("user")
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, related_name="completions", verbose_name=_("lesson")
    )
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

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("user")
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz")
    )
    token = models.CharField(_("form token"), max_length=64, unique=True, editable=False)
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

    def answered_questions(self, questions):
        """``(question, answered right, ids of the choices chosen)`` for each of ``questions``
        the attempt answered, in their order, read in one query."""
        answers = {}
        rows = self.answers.order_by().values_list("question_id", "is_correct", "choices")
        for question_id, is_correct, choice_id in rows:
            _, chosen = answers.setdefault(question_id, (is_correct, set()))
            if choice_id is not None:
                chosen.add(choice_id)
        return [
            (question, *answers[question.pk]) for question in questions if question.pk in answers
        ]


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
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
