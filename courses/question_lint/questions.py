"""The rules for one question: an objective of its own course, feedback on every choice, no
"according to" and no references to "the source", and the shape of each kind."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.question_lint.facts import MULTIPLE, SINGLE, TRUE_FALSE, question_facts

MIN_CHOICE_WORDS = 3

SOURCE_PHRASES = ("the explainer", "the source", "the course says")
ACCORDING_TO = "according to"
BARE_NUMBER = re.compile(r"^\W*\d[\d,.\s%]*\W*$")
BARE_ACRONYM = re.compile(r"^[A-Z]{2,8}s?$")


def word_count(text):
    return len(text.split())


def _contains(text, phrase):
    return re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE) is not None


def check_question(question):
    """The warnings for one question and its choices."""
    return [
        *check_objective(question),
        *check_feedback(question),
        *check_wording(question),
        *check_shape(question),
    ]


def check_objective(question):
    if question.objective is None:
        return [_("It assesses no objective: choose the lesson objective it checks.")]
    if question.objective[0] != question.course:
        return [_("Its objective belongs to a lesson of another course.")]
    return []


def check_feedback(question):
    return [
        _(
            "Choice %(position)s has no feedback: say why it is right, or which "
            "misconception makes it wrong."
        )
        % {"position": choice.position}
        for choice in question.ordered_choices
        if not choice.feedback.strip()
    ]


def check_wording(question):
    warnings = []
    for part, text in ((_("prompt"), question.prompt), (_("situation"), question.situation)):
        if _contains(text, ACCORDING_TO):
            warnings.append(
                _("The %(part)s says “according to”: ask about the situation instead.")
                % {"part": part}
            )
    texts = [(_("prompt"), question.prompt)]
    for choice in question.ordered_choices:
        texts.append((_("choice %(position)s") % {"position": choice.position}, choice.text))
        texts.append(
            (_("feedback of choice %(position)s") % {"position": choice.position}, choice.feedback)
        )
    for part, text in texts:
        for phrase in SOURCE_PHRASES:
            if _contains(text, phrase):
                warnings.append(
                    _("The %(part)s refers to “%(phrase)s”: state the point itself.")
                    % {"part": part, "phrase": phrase}
                )
    return warnings


def check_shape(question):
    if question.kind == SINGLE:
        return [*_check_single(question), *_check_choice_texts(question)]
    if question.kind == MULTIPLE:
        return [*_check_multiple(question), *_check_choice_texts(question)]
    if question.kind == TRUE_FALSE:
        return _check_true_false(question)
    return [_("Its kind “%(kind)s” is unknown.") % {"kind": question.kind}]


def _check_single(question):
    warnings = []
    count, correct = len(question.choices), len(question.correct)
    if not 3 <= count <= 5:
        warnings.append(
            ngettext(
                "A single-choice question needs 3 to 5 choices; it has %(count)d.",
                "A single-choice question needs 3 to 5 choices; it has %(count)d.",
                count,
            )
            % {"count": count}
        )
    if correct != 1:
        warnings.append(
            _("A single-choice question needs exactly one correct choice; it has %(count)d.")
            % {"count": correct}
        )
    return warnings


def _check_multiple(question):
    warnings = []
    count, correct = len(question.choices), len(question.correct)
    if not 4 <= count <= 5:
        warnings.append(
            _("A select-all-that-apply question needs 4 or 5 choices; it has %(count)d.")
            % {"count": count}
        )
    if not 1 <= correct <= max(count - 1, 1):
        warnings.append(
            _(
                "A select-all-that-apply question needs at least one correct choice and at "
                "least one wrong one; it has %(correct)d correct of %(count)d."
            )
            % {"correct": correct, "count": count}
        )
    elif _correct_stored_first(question):
        warnings.append(
            _(
                "The correct choices are exactly the first ones stored: mix them among the "
                "wrong ones."
            )
        )
    return warnings


def _correct_stored_first(question):
    flags = [choice.is_correct for choice in question.ordered_choices]
    k = sum(flags)
    return 0 < k < len(flags) and all(flags[:k])


def _check_true_false(question):
    texts = [choice.text.strip() for choice in question.ordered_choices]
    warnings = []
    if texts != ["True", "False"]:
        warnings.append(
            _("A true-or-false question has two choices, “True” then “False”; it has %(texts)s.")
            % {"texts": ", ".join(f"“{text}”" for text in texts) or "-"}
        )
    if len(question.correct) != 1:
        warnings.append(_("A true-or-false question needs exactly one correct choice."))
    return warnings


def _check_choice_texts(question):
    warnings = []
    for choice in question.ordered_choices:
        text = choice.text.strip()
        if BARE_NUMBER.match(text) or BARE_ACRONYM.match(text):
            warnings.append(
                _(
                    "Choice %(position)s is only a number, a year or an acronym: write what "
                    "it means."
                )
                % {"position": choice.position}
            )
        elif word_count(text) < MIN_CHOICE_WORDS:
            warnings.append(
                _(
                    "Choice %(position)s has fewer than %(words)d words: a bare name tests "
                    "recall, not judgement."
                )
                % {"position": choice.position, "words": MIN_CHOICE_WORDS}
            )
    return warnings


def question_warnings(question, choices=None):
    """The warnings of a saved question, as the admin shows them."""
    return check_question(question_facts(question, choices))
