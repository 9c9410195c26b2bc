"""The rules over a bank of questions, and per course for the first of them: every lesson with 2
to 4 objectives and every objective assessed, the share of situational questions, and the
spread of correct answers (longest, stored position, True or False, "all but one", absolute
words)."""

import re
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.question_lint.facts import MULTIPLE, SINGLE, TRUE_FALSE
from courses.question_lint.questions import check_question, word_count

MIN_OBJECTIVES, MAX_OBJECTIVES = 2, 4
SITUATIONAL_SHARE = 0.40
SITUATION_MIN_WORDS = 25
LONGEST_CORRECT_SHARE = 0.30
POSITION_SHARE = (0.15, 0.35)  # of single-choice questions, for each stored position 1 to 4
ALL_BUT_ONE_SHARE = 0.30
TRUE_SHARE = (0.35, 0.65)
ABSOLUTE_SHARE = 0.20

# A prompt that asks what to do, what is at stake or which principle applies.
DECISION_PROMPT = re.compile(
    r"\b(should|would you|must|to do|do next|do first|at stake|principle|advise|recommend|"
    r"respond|priorit)",
    re.IGNORECASE,
)
ABSOLUTE_WORDS = re.compile(r"\b(only|never|always|every|solely|all|none)\b", re.IGNORECASE)


def is_situational(question):
    """A situation of at least 25 words, and a prompt that asks for a decision."""
    return word_count(question.situation) >= SITUATION_MIN_WORDS and bool(
        DECISION_PROMPT.search(question.prompt)
    )


def has_absolute_word(text):
    return bool(ABSOLUTE_WORDS.search(text))


def check_bank(bank):
    """Every warning for ``bank``: each question's, then the rules over the whole bank, then
    the rules on objectives and situational questions course by course."""
    warnings = []
    for question in bank.questions:
        warnings.extend(f"{question.name}: {warning}" for warning in check_question(question))
    warnings.extend(check_objective_coverage(bank))
    warnings.extend(check_situational_share(bank, _("the whole bank")))
    for course in bank.courses():
        part = bank.of_course(course)
        where = _("course “%(course)s”") % {"course": course}
        warnings.extend(check_situational_share(part, where))
    warnings.extend(check_single_spread(bank.questions))
    warnings.extend(check_multiple_spread(bank.questions))
    warnings.extend(check_true_false_spread(bank.questions))
    return warnings


def check_objective_coverage(bank):
    """Every lesson has 2 to 4 objectives; every objective is assessed by some question, and
    every objective a question names exists."""
    warnings = []
    per_lesson = Counter(objective[:2] for objective in bank.objectives)
    for lesson in bank.lessons:
        count = per_lesson.get(tuple(lesson), 0)
        if not MIN_OBJECTIVES <= count <= MAX_OBJECTIVES:
            warnings.append(
                _(
                    "Lesson “%(lesson)s” (course “%(course)s”) has %(count)d objectives; "
                    "a lesson needs 2 to 4."
                )
                % {"lesson": lesson[1], "course": lesson[0], "count": count}
            )
    assessed = {tuple(q.objective) for q in bank.questions if q.objective is not None}
    known = {tuple(objective) for objective in bank.objectives}
    for objective in bank.objectives:
        if tuple(objective) not in assessed:
            warnings.append(
                _(
                    "Objective %(position)s of lesson “%(lesson)s” (course “%(course)s”) is "
                    "assessed by no question."
                )
                % {"course": objective[0], "lesson": objective[1], "position": objective[2]}
            )
    for question in bank.questions:
        if question.objective is not None and tuple(question.objective) not in known:
            warnings.append(
                _("%(question)s: its objective %(objective)s does not exist.")
                % {"question": question.name, "objective": list(question.objective)}
            )
    return warnings


def _percent(share):
    return f"{round(share * 100)}%"


def check_situational_share(bank, where):
    questions = bank.questions
    if not questions:
        return []
    share = sum(is_situational(q) for q in questions) / len(questions)
    if share >= SITUATIONAL_SHARE:
        return []
    return [
        _(
            "In %(where)s, %(share)s of the questions are situational (a situation of at "
            "least %(words)d words and a prompt asking what to do, what is at stake or which "
            "principle applies); at least %(needed)s should be."
        )
        % {
            "where": where,
            "share": _percent(share),
            "words": SITUATION_MIN_WORDS,
            "needed": _percent(SITUATIONAL_SHARE),
        }
    ]


def correct_is_longest(question):
    """Whether the single correct choice is strictly longer than every other choice."""
    correct = question.correct
    if len(correct) != 1:
        return False
    others = [len(c.text) for c in question.choices if not c.is_correct]
    return all(len(correct[0].text) > length for length in others)


def check_single_spread(questions):
    singles = [q for q in questions if q.kind == SINGLE and len(q.correct) == 1]
    if not singles:
        return []
    warnings = []
    longest = sum(correct_is_longest(q) for q in singles) / len(singles)
    if longest > LONGEST_CORRECT_SHARE:
        warnings.append(
            _(
                "In %(share)s of single-choice questions the correct choice is the longest; "
                "at most %(limit)s may be, or length gives the answer away."
            )
            % {"share": _percent(longest), "limit": _percent(LONGEST_CORRECT_SHARE)}
        )
    positions = Counter(q.correct[0].position for q in singles)
    low, high = POSITION_SHARE
    for position in range(1, 5):
        share = positions.get(position, 0) / len(singles)
        if not low <= share <= high:
            warnings.append(
                _(
                    "The correct choice is stored at position %(position)d in %(share)s of "
                    "single-choice questions; each position from 1 to 4 should hold between "
                    "%(low)s and %(high)s."
                )
                % {
                    "position": position,
                    "share": _percent(share),
                    "low": _percent(low),
                    "high": _percent(high),
                }
            )
    return warnings


def check_multiple_spread(questions):
    multiples = [q for q in questions if q.kind == MULTIPLE]
    if not multiples:
        return []
    warnings = []
    counts = [len(q.correct) for q in multiples]
    all_but_one = sum(
        len(q.choices) > 1 and len(q.correct) == len(q.choices) - 1 for q in multiples
    ) / len(multiples)
    if all_but_one > ALL_BUT_ONE_SHARE:
        warnings.append(
            _(
                "%(share)s of select-all-that-apply questions have all but one choice "
                "correct; at most %(limit)s may."
            )
            % {"share": _percent(all_but_one), "limit": _percent(ALL_BUT_ONE_SHARE)}
        )
    for wanted in (1, 2):
        if wanted not in counts:
            warnings.append(
                ngettext(
                    "No select-all-that-apply question has exactly %(count)d correct choice.",
                    "No select-all-that-apply question has exactly %(count)d correct choices.",
                    wanted,
                )
                % {"count": wanted}
            )
    return warnings


def check_true_false_spread(questions):
    statements = [q for q in questions if q.kind == TRUE_FALSE]
    if not statements:
        return []
    warnings = []
    true = sum(
        len(q.correct) == 1 and q.correct[0].text.strip() == "True" for q in statements
    ) / len(statements)
    low, high = TRUE_SHARE
    if not low <= true <= high:
        warnings.append(
            _(
                "“True” is the answer to %(share)s of true-or-false questions; it should be "
                "between %(low)s and %(high)s."
            )
            % {"share": _percent(true), "low": _percent(low), "high": _percent(high)}
        )
    absolute = sum(has_absolute_word(q.prompt) for q in statements) / len(statements)
    if absolute > ABSOLUTE_SHARE:
        warnings.append(
            _(
                "%(share)s of true-or-false statements use an absolute word (only, never, "
                "always, every, solely, all, none); at most %(limit)s may, or the word gives "
                "the answer away."
            )
            % {"share": _percent(absolute), "limit": _percent(ABSOLUTE_SHARE)}
        )
    return warnings
