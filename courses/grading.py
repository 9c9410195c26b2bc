"""How a quiz is scored: the one place an answer is judged right or wrong, and an attempt
given its score and its pass.

The quiz page (:class:`courses.forms.AttemptForm`) and an offline pack's code
(``offline.receiving``) each turn what the trainee picked into choices of the question, then
ask this module; :func:`courses.services.submit_attempt` stores what it says, and reports
read the stored verdicts. The pack's own script never scores: the portal scores its code here.

Nothing here queries the database beyond ``question.choices.all()``, which callers prefetch.
"""

from dataclasses import dataclass
from typing import NamedTuple

from courses.models import QuestionKind

# How many choices an answer to each kind of question holds: one, or as many as apply.
ONE, SEVERAL = "one", "several"
CHOICES_IN_AN_ANSWER = {
    QuestionKind.SINGLE: ONE,
    QuestionKind.TRUE_FALSE: ONE,
    QuestionKind.MULTIPLE: SEVERAL,
}


def takes_several(question):
    """Whether an answer to ``question`` may hold several choices (checkboxes, not radios)."""
    return CHOICES_IN_AN_ANSWER[question.kind] == SEVERAL


def correct_choice_ids(question):
    """The ids of the question's choices marked correct."""
    return frozenset(choice.pk for choice in question.choices.all() if choice.is_correct)


def _id_set(chosen_ids):
    """``chosen_ids`` as a set of ids, or None when one of them cannot be a choice's id."""
    ids = list(chosen_ids)
    if not all(type(pk) is int for pk in ids):  # not bool, str or anything sent in their place
        return None
    return set(ids)


def is_possible_answer(question, chosen_ids):
    """Whether ``chosen_ids`` could have been picked on the question's page: at least one
    choice, each of the question's own choices picked at most once, and only one for a question
    answered with one choice. An answer that is not possible is refused, not scored."""
    ids = list(chosen_ids)
    chosen = _id_set(ids)
    if not chosen or len(chosen) != len(ids):
        return False
    if not chosen <= {choice.pk for choice in question.choices.all()}:
        return False
    return takes_several(question) or len(chosen) == 1


def is_right(question, chosen_ids):
    """Right when exactly the correct choices are chosen, all of them and only them; a question
    answered with one choice is right only with one choice chosen. Ids the question does not
    have, or that are no ids at all, make an answer wrong, never an error."""
    chosen = _id_set(chosen_ids)
    if chosen is None:
        return False
    correct = correct_choice_ids(question)
    if not correct or chosen != correct:
        return False
    return takes_several(question) or len(chosen) == 1


class GradedAnswer(NamedTuple):
    """One answer as :func:`courses.services.submit_attempt` stores it."""

    question: object
    choices: list
    is_correct: bool


def grade(question, chosen):
    """``chosen`` (choices of ``question``) scored: a :class:`GradedAnswer`."""
    chosen = list(chosen)
    return GradedAnswer(question, chosen, is_right(question, [choice.pk for choice in chosen]))


@dataclass(frozen=True)
class Score:
    correct: int  # questions answered right
    total: int  # questions answered
    percent: int  # 0 to 100, rounded half to even
    passed: bool


def score_attempt(graded_answers, *, pass_mark):
    """The :class:`Score` of an attempt from its graded answers (``(question, choices,
    is_correct)`` each) and the quiz's pass mark, a percentage. No answers score 0."""
    verdicts = [is_correct for _question, _choices, is_correct in graded_answers]
    correct, total = sum(1 for right in verdicts if right), len(verdicts)
    percent = round(100 * correct / total) if total else 0
    return Score(correct=correct, total=total, percent=percent, passed=percent >= pass_mark)
