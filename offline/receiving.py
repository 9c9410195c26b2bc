"""Work done in a pack, received: a code read against the course as it is now, its quizzes
scored by ``courses.grading``, and its lessons and attempts recorded by ``courses.services``,
each once however often the code is sent.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import grading, services
from courses.models import Attempt, Quiz
from courses.progress import StepLocked
from offline.codes import InvalidCode, attempt_token, decode_code
from offline.options import option_keys, questions_in_order


@dataclass
class OfflineAttempt:
    quiz: Quiz
    attempt_id: str
    graded_answers: list | None  # None when the answers do not fit the quiz as it is now
    token: str = ""
    recorded: Attempt | None = None


@dataclass
class OfflineWork:
    """A decoded code matched against the course as it is now."""

    course: object
    version: str
    lessons: list
    attempts: list
    problems: list

    @property
    def is_empty(self):
        return not self.lessons and not self.attempts

    @property
    def quiz_groups(self):
        """The attempts quiz by quiz, in the order first met: ``QuizGroup`` each."""
        groups = {}
        for attempt in self.attempts:
            group = groups.setdefault(attempt.quiz.pk, QuizGroup(attempt.quiz))
            group.count += 1
            group.already += attempt.recorded is not None
        return list(groups.values())


@dataclass
class QuizGroup:
    quiz: Quiz
    count: int = 0  # attempts of the quiz in the code
    already: int = 0  # of which were submitted before

    @property
    def new(self):
        return self.count - self.already


def graded_responses(quiz, responses):
    """A :class:`courses.grading.GradedAnswer` for every question of ``quiz``, from a code's
    responses (``{position: [option key, …]}``); None when they do not fit the quiz as it is
    now: a question missing or unknown, an option it does not have, or an answer its page
    could not have given (nothing picked, an option twice, two where one is asked)."""
    questions = {str(question.position): question for question in quiz.questions.all()}
    if set(responses) != set(questions):
        return None
    graded = []
    for position, question in sorted(questions.items(), key=lambda item: int(item[0])):
        keys = option_keys(question)
        picked = responses[position]
        if any(key not in keys for key in picked):
            return None
        chosen = [keys[key] for key in picked]
        if not grading.is_possible_answer(question, [choice.pk for choice in chosen]):
            return None
        graded.append(grading.grade(question, chosen))
    return graded


def read_work(code, *, user, courses):
    """Decode ``code`` and match it against the course it names among ``courses`` (a queryset
    of the courses ``user`` may see). Raises :class:`InvalidCode`."""
    payload = decode_code(code)
    course = courses.filter(slug=payload["c"]).first()
    if course is None:
        raise InvalidCode(_("The course this code belongs to is not on the portal."))
    problems = []
    wanted_lessons = list(dict.fromkeys(payload.get("l", [])))
    lessons = list(course.lessons.filter(slug__in=wanted_lessons).order_by("position"))
    for lesson in lessons:
        lesson.course = course
    if len(lessons) < len(wanted_lessons):
        problems.append(
            _("Some lessons marked complete in your pack are no longer part of the course.")
        )
    quizzes = {
        quiz.slug: quiz
        for quiz in course.quizzes.filter(
            slug__in={a["q"] for a in payload.get("a", [])}
        ).prefetch_related(questions_in_order())
    }
    attempts, seen = [], set()
    for entry in payload.get("a", []):
        quiz = quizzes.get(entry["q"])
        if quiz is None:
            problems.append(_("A quiz answered in your pack is no longer part of the course."))
            continue
        if (quiz.pk, entry["i"]) in seen:
            continue
        seen.add((quiz.pk, entry["i"]))
        quiz.course = course
        graded = graded_responses(quiz, entry["r"])
        if graded is None:
            problems.append(
                _(
                    "Your answers to “%(quiz)s” do not fit the quiz as it is now: it has changed "
                    "since you downloaded the pack. Take it again on the portal or in a new pack."
                )
                % {"quiz": quiz.title}
            )
            continue
        attempts.append(
            OfflineAttempt(
                quiz=quiz,
                attempt_id=entry["i"],
                graded_answers=graded,
                token=attempt_token(user=user, quiz=quiz, attempt_id=entry["i"]),
            )
        )
    recorded = {
        attempt.token: attempt
        for attempt in Attempt.objects.filter(token__in=[a.token for a in attempts])
    }
    for attempt in attempts:
        attempt.recorded = recorded.get(attempt.token)
    return OfflineWork(
        course=course,
        version=payload.get("v", ""),
        lessons=lessons,
        attempts=attempts,
        problems=list(dict.fromkeys(problems)),  # each problem said once
    )


@dataclass
class OfflineResult:
    lessons_recorded: list = field(default_factory=list)
    lessons_waiting: list = field(default_factory=list)
    attempts_recorded: list = field(default_factory=list)
    attempts_already: list = field(default_factory=list)
    attempts_refused: list = field(default_factory=list)
    quizzes_waiting: list = field(default_factory=list)  # (quiz, lesson to finish first)

    def messages(self):
        """``(level, text)`` pairs for the trainee, level being ``success`` or ``warning``."""
        said = []
        if self.lessons_recorded:
            n = len(self.lessons_recorded)
            said.append(
                (
                    "success",
                    ngettext(
                        "%(count)s lesson recorded as complete.",
                        "%(count)s lessons recorded as complete.",
                        n,
                    )
                    % {"count": n},
                )
            )
        for attempt in self.attempts_recorded:
            verdict = _("passed") if attempt.passed else _("not passed")
            said.append(
                (
                    "success",
                    _("“%(quiz)s”: %(score)s%%, %(verdict)s.")
                    % {"quiz": attempt.quiz.title, "score": attempt.score, "verdict": verdict},
                )
            )
        if self.attempts_already:
            n = len(self.attempts_already)
            said.append(
                (
                    "info",
                    ngettext(
                        "%(count)s quiz attempt in this code was already recorded: it was not "
                        "counted again.",
                        "%(count)s quiz attempts in this code were already recorded: they were "
                        "not counted again.",
                        n,
                    )
                    % {"count": n},
                )
            )
        for quiz in self.attempts_refused:
            said.append(
                (
                    "warning",
                    _("“%(quiz)s”: you have used all the attempts this quiz allows.")
                    % {"quiz": quiz.title},
                )
            )
        waiting = {}  # quizzes waiting for the same lesson are said together
        for quiz, lesson in self.quizzes_waiting:
            waiting.setdefault(lesson, []).append(quiz)
        for lesson, quizzes in waiting.items():
            said.append(
                (
                    "warning",
                    ngettext(
                        "%(quizzes)s was not recorded: this course is taken in order, so "
                        "finish “%(lesson)s” first.",
                        "%(quizzes)s were not recorded: this course is taken in order, so "
                        "finish “%(lesson)s” first.",
                        len(quizzes),
                    )
                    % {"quizzes": _quoted_list(q.title for q in quizzes), "lesson": lesson.title},
                )
            )
        if self.lessons_waiting:
            said.append(
                (
                    "warning",
                    ngettext(
                        "%(lessons)s was not recorded: this course is taken in order, so finish "
                        "the lessons before it first.",
                        "%(lessons)s were not recorded: this course is taken in order, so "
                        "finish the lessons before them first.",
                        len(self.lessons_waiting),
                    )
                    % {"lessons": _quoted_list(lesson.title for lesson in self.lessons_waiting)},
                )
            )
        return said


def _quoted_list(titles):
    return _(", ").join(f"“{title}”" for title in titles)


@transaction.atomic
def submit_offline_work(*, user, work):
    """Record the lessons and score the attempts of ``work``; what was recorded before is not
    recorded again. Lessons first, in course order, so that an in-order course accepts them;
    the services refuse what the course's order or a quiz's attempt limit does not allow."""
    result = OfflineResult()
    for lesson in work.lessons:
        try:
            _completion, created = services.complete_lesson(user=user, lesson=lesson)
        except StepLocked:
            result.lessons_waiting.append(lesson)
            continue
        if created:
            result.lessons_recorded.append(lesson)
    refused = set()
    for offline in work.attempts:
        quiz = offline.quiz
        if offline.recorded is not None:
            result.attempts_already.append(offline)
            continue
        if quiz.pk in refused:
            continue
        try:
            attempt, created = services.submit_attempt(
                user=user, quiz=quiz, token=offline.token, graded_answers=offline.graded_answers
            )
        except services.AttemptLimitReached:
            refused.add(quiz.pk)
            result.attempts_refused.append(quiz)
            continue
        except StepLocked as locked:
            refused.add(quiz.pk)
            result.quizzes_waiting.append((quiz, locked.lesson))
            continue
        attempt.quiz = quiz
        (result.attempts_recorded if created else result.attempts_already).append(attempt)
    return result
