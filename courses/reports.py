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
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from courses.models import Answer, Attempt, Choice, Question

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
