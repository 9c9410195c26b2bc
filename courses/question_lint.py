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

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"

MIN_OBJECTIVES, MAX_OBJECTIVES = 2, 4
SITUATIONAL_SHARE = 0.40
SITUATION_MIN_WORDS = 25
LONGEST_CORRECT_SHARE = 0.30
POSITION_SHARE = (0.15, 0.35)  # of single-choice questions, for each stored position 1 to 4
ALL_BUT_ONE_SHARE = 0.30
TRUE_SHARE = (0.35, 0.65)
ABSOLUTE_SHARE = 0.20
MIN_CHOICE_WORDS = 3

# A prompt that asks what to do, what is at stake or which principle applies.
DECISION_PROMPT = re.compile(
    r"\b(should|would you|must|to do|do next|do first|at stake|principle|advise|recommend|"
    r"respond|priorit)",
    re.IGNORECASE,
)
SOURCE_PHRASES = ("the explainer", "the source", "the course says")
ACCORDING_TO = "according to"
ABSOLUTE_WORDS = re.compile(r"\b(only|never|always|every|solely|all|none)\b", re.IGNORECASE)
BARE_NUMBER = re.compile(r"^\W*\d[\d,.\s%]*\W*$")
BARE_ACRONYM = re.compile(r"^[A-Z]{2,8}s?$")


@dataclass(frozen=True)
class ChoiceFacts:
    position: int
    text: str
    is_correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class QuestionFacts:
    """A question as the lint sees it. ``objective`` is the natural key (course slug, lesson
    slug, position) of the objective it assesses, or None."""

    course: str
    quiz: str
    position: int
    kind: str
    prompt: str
    situation: str = ""
    objective: tuple | None = None
    choices: tuple[ChoiceFacts, ...] = ()

    @property
    def name(self):
        return _("Question %(position)s of quiz “%(quiz)s” (course “%(course)s”)") % {
            "position": self.position,
            "quiz": self.quiz,
            "course": self.course,
        }

    @property
    def ordered_choices(self):
        return sorted(self.choices, key=lambda choice: choice.position)

    @property
    def correct(self):
        return [choice for choice in self.ordered_choices if choice.is_correct]


@dataclass
class BankFacts:
    """Questions with the lessons and objectives of their courses.

    ``lessons`` holds (course slug, lesson slug) pairs; ``objectives`` the natural keys of the
    objectives (course slug, lesson slug, position).
    """

    questions: list[QuestionFacts] = field(default_factory=list)
    lessons: list[tuple] = field(default_factory=list)
    objectives: list[tuple] = field(default_factory=list)

    def courses(self):
        seen = [lesson[0] for lesson in self.lessons] + [q.course for q in self.questions]
        return list(dict.fromkeys(seen))

    def of_course(self, course):
        return BankFacts(
            questions=[q for q in self.questions if q.course == course],
            lessons=[lesson for lesson in self.lessons if lesson[0] == course],
            objectives=[o for o in self.objectives if o[0] == course],
        )


def word_count(text):
    return len(text.split())


def is_situational(question):
    """A situation of at least 25 words, and a prompt that asks for a decision."""
    return word_count(question.situation) >= SITUATION_MIN_WORDS and bool(
        DECISION_PROMPT.search(question.prompt)
    )


def has_absolute_word(text):
    return bool(ABSOLUTE_WORDS.search(text))


def _contains(text, phrase):
    return re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE) is not None


# One question


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


# A bank of questions


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


# Facts from fixture items and from the database


def bank_from_fixture_items(items):
    """The bank that fixture items (as loaded from JSON) describe."""
    questions, choices, lessons, objectives = {}, {}, [], []
    for item in items:
        model, fields = item["model"], item["fields"]
        if model == "courses.lesson":
            lessons.append((fields["course"][0], fields["slug"]))
        elif model == "courses.objective":
            objectives.append((*fields["lesson"], fields["position"]))
        elif model == "courses.question":
            questions[(*fields["quiz"], fields["position"])] = fields
        elif model == "courses.choice":
            choices.setdefault(tuple(fields["question"]), []).append(
                ChoiceFacts(
                    position=fields["position"],
                    text=fields["text"],
                    is_correct=fields.get("is_correct", False),
                    feedback=fields.get("feedback", ""),
                )
            )
    return BankFacts(
        questions=[
            QuestionFacts(
                course=key[0],
                quiz=key[1],
                position=key[2],
                kind=fields.get("kind", SINGLE),
                prompt=fields["prompt"],
                situation=fields.get("situation", ""),
                objective=tuple(fields["objective"]) if fields.get("objective") else None,
                choices=tuple(choices.get(key, [])),
            )
            for key, fields in questions.items()
        ],
        lessons=lessons,
        objectives=objectives,
    )


def question_facts(question, choices=None):
    """Facts of a ``Question`` (its quiz, course and objective read with it if need be)."""
    choices = question.choices.all() if choices is None else choices
    objective = question.objective
    return QuestionFacts(
        course=question.quiz.course.slug,
        quiz=question.quiz.slug,
        position=question.position,
        kind=question.kind,
        prompt=question.prompt,
        situation=question.situation,
        objective=tuple(objective.natural_key()) if objective is not None else None,
        choices=tuple(
            ChoiceFacts(
                position=c.position, text=c.text, is_correct=c.is_correct, feedback=c.feedback
            )
            for c in choices
        ),
    )


def question_warnings(question, choices=None):
    """The warnings of a saved question, as the admin shows them."""
    return check_question(question_facts(question, choices))
