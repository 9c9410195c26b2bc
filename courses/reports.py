"""Item analysis of a course's questions, for staff.

Only each trainee's first attempt at a quiz counts: retakes are taken by people who have seen
the results, so they would make every question look easier and separate nobody.

For each question: how many answered it, the share right (its difficulty), and its
discrimination: the point-biserial correlation between answering it right (1 or 0) and the
score on the rest of the quiz (the questions right in that attempt, this one left out). It runs
from -1 to 1; a question strong trainees get right and weak ones miss scores high, and one that
strong trainees miss more than weak ones scores below 0. Counts and sums come from the
database, grouped by question, so the whole analysis costs four queries however many attempts
there are.

The trainee table (:class:`TraineeTable`) reads every enrollment with its progress, the
trainee's best score at each quiz and the last activity in one query, sorted by the database
on a column from a fixed list; its footer (trainees, average progress, average best score at
each quiz, trainees who completed the course) is one more.
"""

import math
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _

from courses.models import Answer, Attempt, Choice, Course, Enrollment, Question

EASY_SHARE = 0.90  # above this share right, a question tells trainees apart very little
FEW_ANSWERS = 20  # below this many answers, the figures are read with care


def first_attempts(course):
    """Each trainee's first attempt at each quiz of ``course``."""
    earliest = (
        Attempt.objects.filter(user=OuterRef("user"), quiz=OuterRef("quiz"))
        .order_by("submitted_at", "pk")
        .values("pk")[:1]
    )
    return Attempt.objects.filter(quiz__course=course, pk=Subquery(earliest))


@dataclass
class OptionFigures:
    choice: Choice
    chosen: int
    share: float | None  # of those who answered the question


@dataclass
class ItemFigures:
    question: Question
    answered: int = 0
    right: int = 0
    discrimination: float | None = None
    options: list[OptionFigures] = field(default_factory=list)

    @property
    def share_right(self):
        return self.right / self.answered if self.answered else None

    @property
    def few_answers(self):
        return self.answered < FEW_ANSWERS

    @property
    def too_easy(self):
        return self.share_right is not None and self.share_right > EASY_SHARE

    @property
    def inverted(self):
        return self.discrimination is not None and self.discrimination < 0

    @property
    def correct_positions(self):
        return [option.choice.position for option in self.options if option.choice.is_correct]


def point_biserial(n, right, total, total_squared, total_when_right):
    """The correlation between an item (1 right, 0 wrong) and the rest score (total - item),
    from sums over the ``n`` answers: ``right`` = Σx, ``total`` = ΣT, ``total_squared`` = ΣT²
    and ``total_when_right`` = ΣT over the answers right, T being the attempt's questions right.
    None when either side does not vary (everyone right, everyone wrong, or the same rest)."""
    if n < 2:
        return None
    sum_x, sum_y = right, total - right  # rest score y = T - x, and x² = x
    sum_xy = total_when_right - right
    sum_yy = total_squared - 2 * total_when_right + right
    covariance = n * sum_xy - sum_x * sum_y
    variance_x = n * right - sum_x * sum_x
    variance_y = n * sum_yy - sum_y * sum_y
    if variance_x <= 0 or variance_y <= 0:
        return None
    return covariance / math.sqrt(variance_x * variance_y)


def item_analysis(course):
    """``ItemFigures`` for every question of ``course``, quiz by quiz in outline order."""
    firsts = first_attempts(course)
    questions = list(
        Question.objects.filter(quiz__course=course)
        .select_related("quiz")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position")))
        .order_by("quiz__after_lesson__position", "quiz__slug", "position")
    )
    outline = {quiz.pk: index for index, quiz in enumerate(quizzes_in_outline(course))}
    questions.sort(key=lambda question: outline.get(question.quiz_id, len(outline)))
    zero = Coalesce(Sum("attempt__correct_count", output_field=IntegerField()), 0)
    rows = (
        Answer.objects.filter(attempt__in=firsts)
        .values("question_id")
        .annotate(
            n=Count("pk"),
            right=Count("pk", filter=Q(is_correct=True)),
            total=zero,
            total_squared=Coalesce(
                Sum(
                    F("attempt__correct_count") * F("attempt__correct_count"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            total_when_right=Coalesce(
                Sum(
                    "attempt__correct_count",
                    filter=Q(is_correct=True),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by()
    )
    sums = {row["question_id"]: row for row in rows}
    chosen_rows = (
        Answer.choices.through.objects.filter(answer__attempt__in=firsts)
        .values("choice_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    chosen = {row["choice_id"]: row["n"] for row in chosen_rows}
    items = []
    for question in questions:
        row = sums.get(question.pk)
        item = ItemFigures(question=question)
        if row is not None:
            item.answered, item.right = row["n"], row["right"]
            item.discrimination = point_biserial(
                row["n"], row["right"], row["total"], row["total_squared"], row["total_when_right"]
            )
        item.options = [
            OptionFigures(
                choice=choice,
                chosen=chosen.get(choice.pk, 0),
                share=chosen.get(choice.pk, 0) / item.answered if item.answered else None,
            )
            for choice in question.choices.all()
        ]
        items.append(item)
    return items


REPORT_PERMISSION = ("courses", "view_staff_reports")


def may_view_reports(user):
    """Whether to offer ``user`` the staff reports: what Django's model backend answers for the
    report permission, granted directly or through a group, in one query, asked once per
    request. Nothing is kept between requests, so a role granted in the admin shows at once on
    every worker; the report pages themselves ask the backend."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_may_view_reports"):
        app_label, codename = REPORT_PERMISSION
        user._may_view_reports = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
    return user._may_view_reports


def quizzes_in_outline(course):
    """The course's quizzes as its outline orders them: each after its lesson, finals last."""
    return [step for step in course.outline if step.is_quiz]


def courses_for_reports(user):
    """The courses ``user`` may see, each with ``trainees`` enrolled and ``complete`` counts."""
    return (
        Course.objects.visible_to(user)
        .annotate(
            trainees=Count("enrollments"),
            complete=Count("enrollments", filter=Q(enrollments__completed_at__isnull=False)),
        )
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class Column:
    """A column of the trainee table: its heading, its ``?sort=`` key and how it is sorted."""

    key: str
    label: str
    sorted: str | None = None  # "ascending" or "descending" when the table is sorted by it

    @property
    def next_sort(self):
        """The ``?sort=`` value its heading links: the other way round once sorted by it."""
        return f"-{self.key}" if self.sorted == "ascending" else self.key


@dataclass
class Totals:
    trainees: int
    complete: int
    average_progress: int | None
    average_best: list  # per quiz, in outline order; None where nobody took it


class TraineeTable:
    """The staff report's table of trainees in ``course``, sorted by ``sort``: a column key,
    with a leading ``-`` for descending; anything else sorts by trainee name."""

    DEFAULT_SORT = "trainee"

    def __init__(self, course, sort=""):
        self.course = course
        self.quizzes = quizzes_in_outline(course)
        self.orderings = self._orderings()
        key = sort[1:] if sort.startswith("-") else sort
        if key in self.orderings:
            self.sort_key, self.descending = key, sort.startswith("-")
        else:
            self.sort_key, self.descending = self.DEFAULT_SORT, False

    @staticmethod
    def best_name(index):
        return f"best_{index}"

    def _orderings(self):
        """``{sort key: what the database orders by}``: the only sorts the table accepts."""
        shown_name = Lower(Coalesce(NullIf("user__display_name", Value("")), "user__username"))
        return {
            "trainee": shown_name,
            "lessons": F("lessons_done"),
            "quizzes": F("quizzes_passed"),
            "progress": F("progress_percent"),
            **{
                f"quiz-{quiz.slug}": F(self.best_name(index))
                for index, quiz in enumerate(self.quizzes)
            },
            "activity": F("last_activity_at"),
            "completed": F("completed_at"),
        }

    def columns(self):
        labels = {
            "trainee": _("Trainee"),
            "lessons": _("Lessons done"),
            "quizzes": _("Quizzes passed"),
            "progress": _("Progress"),
            **{
                f"quiz-{quiz.slug}": _("Best: %(title)s") % {"title": quiz.title}
                for quiz in self.quizzes
            },
            "activity": _("Last activity"),
            "completed": _("Completed"),
        }
        direction = "descending" if self.descending else "ascending"
        return [
            Column(key, label, direction if key == self.sort_key else None)
            for key, label in labels.items()
        ]

    def annotated(self):
        """Every enrollment with ``progress`` counts, ``progress_percent`` (rounded down, as
        ``enrollment.progress.percent``) and ``best_0``, ``best_1``... for the quizzes."""
        best = {
            self.best_name(index): Subquery(
                Attempt.objects.filter(user=OuterRef("user"), quiz=quiz)
                .order_by("-score")
                .values("score")[:1]
            )
            for index, quiz in enumerate(self.quizzes)
        }
        return (
            Enrollment.objects.for_report(self.course)
            .annotate(
                steps_done=F("lessons_done") + F("quizzes_passed") + F("scenarios_finished"),
                steps_total=F("lesson_total") + F("quiz_total") + F("scenario_total"),
            )
            .annotate(
                progress_percent=Case(
                    When(steps_total=0, then=Value(0)),
                    default=ExpressionWrapper(
                        100 * F("steps_done") / F("steps_total"), output_field=IntegerField()
                    ),
                    output_field=IntegerField(),
                ),
                **best,
            )
        )

    def rows(self):
        """The annotated enrollments in the chosen order; ties, and pages, by username.
        Blanks (no attempt, not completed) come last either way."""
        column = self.orderings[self.sort_key]
        order = column.desc(nulls_last=True) if self.descending else column.asc(nulls_last=True)
        return self.annotated().order_by(order, "user__username", "pk")

    def best_scores(self, enrollment):
        """An annotated enrollment's best score at each quiz, in outline order."""
        return [getattr(enrollment, self.best_name(i)) for i in range(len(self.quizzes))]

    def totals(self):
        """The footer, over every trainee (not just one page), in one query."""
        figures = self.annotated().aggregate(
            trainees=Count("pk"),
            complete=Count("pk", filter=Q(completed_at__isnull=False)),
            average_progress=Avg("progress_percent"),
            **{
                f"average_{self.best_name(i)}": Avg(self.best_name(i))
                for i in range(len(self.quizzes))
            },
        )

        def rounded(value):
            return None if value is None else round(value)

        return Totals(
            trainees=figures["trainees"],
            complete=figures["complete"],
            average_progress=rounded(figures["average_progress"]),
            average_best=[
                rounded(figures[f"average_{self.best_name(i)}"]) for i in range(len(self.quizzes))
            ],
        )
