"""Writes that span several trainee records, each in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.models import Certificate
from courses import grading, progress
from courses.models import Answer, Attempt, Enrollment, LessonCompletion


@transaction.atomic
def enroll(*, user, course):
    """Enroll the user once; enrolling again returns the existing enrollment."""
    enrollment, _ = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


def _touch(enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())


class AttemptLimitReached(Exception):
    """The trainee has used every attempt the quiz allows."""

    def __init__(self, quiz):
        super().__init__(quiz.pk)
        self.quiz = quiz


def _locked_enrollment(*, user, course):
    """The trainee's enrollment (made if needed), its row locked until the transaction ends.

    Every write that a rule about the trainee's own records guards (an attempt limit, lessons
    taken in order, completing the course once) takes this lock first, so two requests of the
    same trainee take turns. PostgreSQL locks the row; SQLite takes the write lock for the
    whole database when the transaction begins (``transaction_mode = "IMMEDIATE"``).
    """
    enroll(user=user, course=course)
    enrollment = Enrollment.objects.select_for_update().get(user=user, course=course)
    enrollment.course = course
    return enrollment


def _done_lesson_ids(*, user, course):
    return set(
        LessonCompletion.objects.filter(user=user, lesson__course=course).values_list(
            "lesson_id", flat=True
        )
    )


@transaction.atomic
def complete_lesson(*, user, lesson):
    """Record the lesson as done (once), enrolling the user if needed.

    Raises :class:`courses.progress.StepLocked` when the course is taken in order and a lesson
    before this one is not done yet.
    """
    enrollment = _locked_enrollment(user=user, course=lesson.course)
    done = _done_lesson_ids(user=user, course=lesson.course)
    if lesson.pk not in done:
        blocker = progress.blocking_lesson(lesson.course, lesson, done)
        if blocker is not None:
            raise progress.StepLocked(blocker)
    completion, created = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    _touch(enrollment)
    complete_course_if_done(enrollment=enrollment)
    return completion, created


@transaction.atomic
def submit_attempt(*, user, quiz, token, graded_answers):
    """Store one scored attempt and its answers; a token seen before returns the stored attempt.

    ``graded_answers`` is a list of ``(question, chosen_choices, is_correct)``, as
    :func:`courses.grading.grade` makes them; the score and the pass are
    :func:`courses.grading.score_attempt`'s.
    Returns ``(attempt, created)``. Raises :class:`AttemptLimitReached` when the trainee has
    used every attempt the quiz allows, and :class:`courses.progress.StepLocked` when the
    course is taken in order and the lessons the quiz follows are not all done.
    """
    existing = Attempt.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    enrollment = _locked_enrollment(user=user, course=quiz.course)
    # Read again under the lock: a request that held it may have stored this very token.
    existing = Attempt.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    used = Attempt.objects.filter(user=user, quiz=quiz).count()
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        raise AttemptLimitReached(quiz)
    blocker = progress.blocking_lesson(
        quiz.course, quiz, _done_lesson_ids(user=user, course=quiz.course)
    )
    if blocker is not None:
        raise progress.StepLocked(blocker)
    scored = grading.score_attempt(graded_answers, pass_mark=quiz.pass_mark)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                token=token,
                correct_count=scored.correct,
                question_count=scored.total,
                score=scored.percent,
                passed=scored.passed,
            )
    except IntegrityError:
        # The same form was submitted twice at once: the first submission won.
        return Attempt.objects.get(token=token), False
    for question, chosen, is_correct in graded_answers:
        answer = Answer.objects.create(attempt=attempt, question=question, is_correct=is_correct)
        answer.choices.set(chosen)
    _touch(enrollment)
    complete_course_if_done(enrollment=enrollment)
    return attempt, True


def complete_course_if_done(*, enrollment):
    """Mark the course complete and issue its certificate when every step is done, once.

    The steps and when they are done are said in ``courses.progress``.
    """
    if enrollment.completed_at is not None:
        return None
    course = enrollment.course
    counted = progress.with_progress(Enrollment.objects.filter(pk=enrollment.pk)).first()
    if counted is None or not counted.progress.all_steps_done:
        return None
    now = timezone.now()
    marked = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
        completed_at=now
    )
    enrollment.completed_at = now
    if not marked:
        return None
    certificate, _ = Certificate.objects.get_or_create(
        user=enrollment.user,
        course=course,
        defaults={"name": enrollment.user.shown_name, "issued_at": now},
    )
    return certificate
