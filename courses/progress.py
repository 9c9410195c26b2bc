"""What the steps of a course are, when a step opens, and when a course is complete.

The steps of a course are its lessons, its quizzes and its published scenarios that count
towards completion; a step is done when the lesson is marked done, the quiz passed or the
scenario finished once. The course is complete when every step is done. In a course taken in
order, a lesson opens once the lessons before it are done, a quiz once the lessons up to the
one it follows are done, and a final quiz once every lesson is done.

Every page and service asks here: the course, lesson and result pages through
:func:`progress_for` (one statement, against the outline kept with the course), the dashboard
and the staff report through :func:`with_progress` (counts in the same statement as the
enrollments), and the completion and attempt services through :func:`progress_for` and
:func:`blocking_lesson`.
"""

from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models.functions import Coalesce

from courses.models import Attempt, Enrollment, Lesson, LessonCompletion, Quiz
from scenarios.models import Scenario, ScenarioRun


class StepLocked(Exception):
    """The course is taken in order and ``lesson`` must be done first."""

    def __init__(self, lesson):
        super().__init__(lesson.pk)
        self.lesson = lesson


# The steps, as querysets (``course`` and ``user`` may be OuterRef), for counts in SQL.


def lesson_steps(course):
    return Lesson.objects.filter(course=course)


def quiz_steps(course):
    return Quiz.objects.filter(course=course)


def scenario_steps(course):
    return Scenario.objects.published().filter(course=course, counts_towards_completion=True)


def lessons_done(course, user):
    return lesson_steps(course).filter(
        pk__in=LessonCompletion.objects.filter(user=user).values("lesson_id")
    )


def quizzes_passed(course, user):
    return quiz_steps(course).filter(
        pk__in=Attempt.objects.filter(user=user, passed=True).values("quiz_id")
    )


def scenarios_finished(course, user):
    return scenario_steps(course).filter(
        pk__in=ScenarioRun.objects.finished().filter(user=user).values("scenario_id")
    )


# The steps, in the outline kept with the course.


def is_required(step):
    """Whether a step of ``course.outline_with_scenarios`` counts towards completion."""
    return not step.is_scenario or step.counts_towards_completion


class Tally:
    """Step counts and what follows from them; subclasses say how the counts are had."""

    @property
    def steps_total(self):
        return self.lesson_total + self.quiz_total + self.scenario_total

    @property
    def steps_done(self):
        return self.lessons_done + self.quizzes_passed + self.scenarios_finished

    @property
    def percent(self):
        if not self.steps_total:
            return 0
        # Rounded down, so that 100% means every step is done.
        return 100 * self.steps_done // self.steps_total

    @property
    def all_steps_done(self):
        return self.steps_done >= self.steps_total


@dataclass
class CourseProgress(Tally):
    """Where one trainee stands in one course, step by step."""

    lesson_ids: list[int]
    quiz_ids: list[int]
    scenario_ids: list[int] = field(default_factory=list)
    is_enrolled: bool = False
    is_complete: bool = False
    done_lesson_ids: set[int] = field(default_factory=set)
    passed_quiz_ids: set[int] = field(default_factory=set)
    finished_scenario_ids: set[int] = field(default_factory=set)

    @property
    def lesson_total(self):
        return len(self.lesson_ids)

    @property
    def quiz_total(self):
        return len(self.quiz_ids)

    @property
    def scenario_total(self):
        return len(self.scenario_ids)

    @property
    def lessons_done(self):
        return len(self.done_lesson_ids.intersection(self.lesson_ids))

    @property
    def quizzes_passed(self):
        return len(self.passed_quiz_ids.intersection(self.quiz_ids))

    @property
    def scenarios_finished(self):
        return len(self.finished_scenario_ids.intersection(self.scenario_ids))

    @property
    def done_step_ids(self):
        """The steps done, sorted: what the outline ticks, as a cache key."""
        return (
            sorted(self.done_lesson_ids),
            sorted(self.passed_quiz_ids),
            sorted(self.finished_scenario_ids),
        )

    def is_done(self, step):
        if step.is_scenario:
            return step.pk in self.finished_scenario_ids
        if step.is_quiz:
            return step.pk in self.passed_quiz_ids
        return step.pk in self.done_lesson_ids


def progress_for(course, user):
    """The trainee's progress in ``course``, in one statement (none for a visitor)."""
    required = [step for step in course.outline_with_scenarios if is_required(step)]
    progress = CourseProgress(
        lesson_ids=[step.pk for step in required if not step.is_quiz and not step.is_scenario],
        quiz_ids=[step.pk for step in required if step.is_quiz],
        scenario_ids=[step.pk for step in required if step.is_scenario],
    )
    if not user.is_authenticated:
        return progress
    enrolled, complete, done, passed, finished = _standing(user=user, course=course)
    if enrolled:
        progress.is_enrolled, progress.is_complete = True, complete
        progress.done_lesson_ids, progress.passed_quiz_ids = done, passed
        progress.finished_scenario_ids = finished
    return progress


def _standing(*, user, course):
    """``(enrolled, completed, done lesson ids, passed quiz ids, finished scenario ids)``.

    Every course, lesson and result page asks, so it is one plain statement: the ORM would
    take longer to build it (as four queries) than the database takes to run it.
    """
    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (Enrollment, LessonCompletion, Lesson, Attempt, Quiz, ScenarioRun, Scenario)
    }
    sql = f"""
        SELECT 'enrollment', NULL, completed_at IS NOT NULL
        FROM {table[Enrollment]} WHERE user_id = %s AND course_id = %s
        UNION ALL
        SELECT 'lesson', done.lesson_id, NULL
        FROM {table[LessonCompletion]} done
        INNER JOIN {table[Lesson]} lesson ON lesson.id = done.lesson_id
        WHERE done.user_id = %s AND lesson.course_id = %s
        UNION ALL
        SELECT 'quiz', attempt.quiz_id, NULL
        FROM {table[Attempt]} attempt
        INNER JOIN {table[Quiz]} quiz ON quiz.id = attempt.quiz_id
        WHERE attempt.user_id = %s AND quiz.course_id = %s AND attempt.passed = %s
        UNION ALL
        SELECT 'scenario', run.scenario_id, NULL
        FROM {table[ScenarioRun]} run
        INNER JOIN {table[Scenario]} scenario ON scenario.id = run.scenario_id
        WHERE run.user_id = %s AND scenario.course_id = %s AND run.finished_at IS NOT NULL
    """  # noqa: S608 (table names only)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, course.pk] * 3 + [True, user.pk, course.pk])
        rows = cursor.fetchall()
    enrolled = complete = False
    found = {"lesson": set(), "quiz": set(), "scenario": set()}
    for kind, step_id, is_complete in rows:
        if kind == "enrollment":
            enrolled, complete = True, bool(is_complete)
        else:
            found[kind].add(step_id)
    return enrolled, complete, found["lesson"], found["quiz"], found["scenario"]


def next_step(course, progress):
    """The first step that counts and is not done, in outline order (or None)."""
    for step in course.outline_with_scenarios:
        if is_required(step) and not progress.is_done(step):
            return step
    return None


def blocking_lesson(course, step, done_lesson_ids):
    """In a course taken in order, the first lesson to finish before ``step`` opens (or None).

    ``step`` is a lesson or a quiz of ``course``; ``done_lesson_ids`` the trainee's done lessons.
    """
    if not course.lessons_in_order:
        return None
    lessons = [other for other in course.outline if not other.is_quiz]
    if step.is_quiz:
        until = step.after_lesson_id  # None for a final quiz: every lesson
        needed = lessons
        if until is not None:
            ids = [lesson.pk for lesson in lessons]
            needed = lessons[: ids.index(until) + 1] if until in ids else lessons
    else:
        needed = []
        for lesson in lessons:
            if lesson.pk == step.pk:
                break
            needed.append(lesson)
    return next((lesson for lesson in needed if lesson.pk not in done_lesson_ids), None)


# Counts next to enrollments, for the dashboard and the staff report.


def _count(queryset):
    counted = queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT"))
    return Coalesce(models.Subquery(counted.values("n")[:1]), 0)


def with_progress(enrollments):
    """``enrollments`` with their step counts: ``enrollment.progress`` is a :class:`Tally`."""
    course = models.OuterRef("course")
    # The trainee is named in a subquery of the subquery that counts, two levels down.
    user = models.OuterRef(models.OuterRef("user"))
    return enrollments.annotate(
        lesson_total=_count(lesson_steps(course)),
        quiz_total=_count(quiz_steps(course)),
        scenario_total=_count(scenario_steps(course)),
        lessons_done=_count(lessons_done(course, user)),
        quizzes_passed=_count(quizzes_passed(course, user)),
        scenarios_finished=_count(scenarios_finished(course, user)),
    )


class CountedProgress(Tally):
    """The counts :func:`with_progress` read with an enrollment."""

    def __init__(self, enrollment):
        self.is_enrolled = True
        self.is_complete = enrollment.completed_at is not None
        for name in (
            "lesson_total",
            "quiz_total",
            "scenario_total",
            "lessons_done",
            "quizzes_passed",
            "scenarios_finished",
        ):
            setattr(self, name, getattr(enrollment, name))
