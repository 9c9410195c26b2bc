"""Writes that span several trainee records, each in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import (
    Answer,
    Attempt,
    Certificate,
    Enrollment,
    Lesson,
    LessonCompletion,
    Quiz,
)


@transaction.atomic
def enroll(*, user, course):
    """Enroll the user once; enrolling again returns the existing enrollment."""
    enrollment, _ = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


def _touch(enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())


@transaction.atomic
def complete_lesson(*, user, lesson):
    """Record the lesson as done (once), enrolling the user if needed."""
    enrollment = enroll(user=user, course=lesson.course)
    completion, created = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    _touch(enrollment)
    complete_course_if_done(enrollment=enrollment)
    return completion, created


@transaction.atomic
def submit_attempt(*, user, quiz, token, graded_answers):
    """Store one scored attempt and its answers; a token seen before returns the stored attempt.

    ``graded_answers`` is a list of ``(question, chosen_choices, is_correct)``.
    Returns ``(attempt, created)``.
    """
    existing = Attempt.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    enrollment = enroll(user=user, course=quiz.course)
    correct = sum(1 for _, _, is_correct in graded_answers if is_correct)
    total = len(graded_answers)
    score = round(100 * correct / total) if total else 0
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                token=token,
                correct_count=correct,
                question_count=total,
                score=score,
                passed=score >= quiz.pass_mark,
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
    """Mark the course complete and issue its certificate when every step is done, once."""
    if enrollment.completed_at is not None:
        return None
    course = enrollment.course
    lessons_left = (
        Lesson.objects.filter(course=course).exclude(completions__user=enrollment.user).exists()
    )
    quizzes_left = (
        Quiz.objects.filter(course=course)
        .exclude(attempts__user=enrollment.user, attempts__passed=True)
        .exists()
    )
    if lessons_left or quizzes_left:
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
