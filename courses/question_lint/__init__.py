"""Checks of quiz questions against the measurable rules of the question bank.

The rules are those the content writers follow (README, "The question bank"). Each check is a
pure function of plain facts (``QuestionFacts``, ``ChoiceFacts``, ``BankFacts``), so the same
code checks fixture files read as JSON, questions in the database and an editor's question in
the admin. Each returns plain-language warnings, empty when all is well.

Per question: an objective of the question's own course, feedback on every choice, no
"according to" and no references to "the source", and the shape of each kind (how many
choices, how many correct, True/False in order, choices that say more than a name or a
number). Over a bank (and per course for the first rules): every lesson with 2 to 4
objectives and every objective assessed, the share of situational questions, and the spread
of correct answers (longest, stored position, True or False, "all but one", absolute words).
"""

from courses.question_lint.bank import (
    check_bank,
    check_multiple_spread,
    check_objective_coverage,
    check_single_spread,
    check_situational_share,
    check_true_false_spread,
    correct_is_longest,
    has_absolute_word,
    is_situational,
)
from courses.question_lint.facts import (
    MULTIPLE,
    SINGLE,
    TRUE_FALSE,
    BankFacts,
    ChoiceFacts,
    QuestionFacts,
    bank_from_fixture_items,
    question_facts,
)
from courses.question_lint.questions import (
    check_feedback,
    check_objective,
    check_question,
    check_shape,
    check_wording,
    question_warnings,
    word_count,
)

__all__ = [
    "MULTIPLE",
    "SINGLE",
    "TRUE_FALSE",
    "BankFacts",
    "ChoiceFacts",
    "QuestionFacts",
    "bank_from_fixture_items",
    "check_bank",
    "check_feedback",
    "check_multiple_spread",
    "check_objective",
    "check_objective_coverage",
    "check_question",
    "check_shape",
    "check_single_spread",
    "check_situational_share",
    "check_true_false_spread",
    "check_wording",
    "correct_is_longest",
    "has_absolute_word",
    "is_situational",
    "question_facts",
    "question_warnings",
    "word_count",
]
