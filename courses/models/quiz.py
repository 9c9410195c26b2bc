"""Quizzes, their questions and the questions' choices."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import optional_link
from core.models import RenderedMarkdownMixin
from core.natural_keys import NaturalKeyManager, NaturalKeyMixin
from core.ordering import Positioned, ordered_within
from courses.models.lesson import Lesson, Objective


class Reveal(models.TextChoices):
    ALWAYS = "always", _("Everything after every attempt")
    AFTER_PASS = "after_pass", _("Right or wrong per question until passed, then everything")
    NEVER = "never", _("Never the correct answers")


class RevealLevel(models.TextChoices):
    EVERYTHING = "everything"
    RIGHT_OR_WRONG = "right_or_wrong"
    SCORE_ONLY = "score_only"


class Quiz(NaturalKeyMixin, models.Model):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    introduction = models.TextField(_("introduction"), blank=True)
    after_lesson = optional_link(
        Lesson,
        models.PROTECT,
        "quizzes",
        _("after lesson"),
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

    natural_key_fields = ("course", "slug")
    objects = NaturalKeyManager()
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


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


KIND_IS_VALID = models.CheckConstraint(
    condition=models.Q(kind__in=QuestionKind.values), name="question_kind_valid"
)


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


class QuestionManager(NaturalKeyManager.from_queryset(QuestionQuerySet)):
    pass


class Question(NaturalKeyMixin, RenderedMarkdownMixin, Positioned):
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    situation = models.TextField(
        _("situation"),
        blank=True,
        help_text=_("A short situation from the field, shown before the prompt."),
    )
    prompt = models.TextField(_("prompt"))
    objective = optional_link(Objective, models.SET_NULL, "questions", _("objective assessed"))
    explanation = models.TextField(_("explanation (Markdown)"), blank=True)
    explanation_html = models.TextField(editable=False, blank=True)

    markdown_fields = ("explanation",)
    natural_key_fields = ("quiz", "position")
    objects = QuestionManager()

    Meta = ordered_within("quiz", _("question"), _("questions"), KIND_IS_VALID, name="question")

    def __str__(self):
        return self.prompt[:80]

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


class Choice(NaturalKeyMixin, Positioned):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    natural_key_fields = ("question", "position")
    objects = NaturalKeyManager()

    Meta = ordered_within("question", _("choice"), _("choices"), name="choice")

    def __str__(self):
        return self.text

    def content_problems(self):
        """For the content loader: a choice added to a question may leave it unanswerable."""
        return self.question.content_problems()
