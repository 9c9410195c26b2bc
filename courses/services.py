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
    Scenario,
    ScenarioRun,
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
    """Mark the course complete and issue its certificate when every step is done, once.

    Every step: each lesson done, each quiz passed and each published scenario that counts
    towards completion finished at least once.
    """
    if enrollment.completed_at is not None:
        return None
    course = enrollment.course
    lessons_left = (
        Lesson.objects.filter(course=course).exclude(completions__user=enrollment.user).exists()
    )
    # Subqueries, not exclude(attempts__user=..., attempts__passed=True): conditions on a
    # many-valued relation in one exclude() may match different rows, so another trainee's
    # pass would count as this trainee's.
    passed = Attempt.objects.filter(user=enrollment.user, passed=True).values("quiz_id")
    quizzes_left = Quiz.objects.filter(course=course).exclude(pk__in=passed).exists()
    finished_runs = ScenarioRun.objects.finished().filter(user=enrollment.user)
    scenarios_left = (
        Scenario.objects.published()
        .filter(course=course, counts_towards_completion=True)
        .exclude(pk__in=finished_runs.values("scenario_id"))
        .exists()
    )
    if lessons_left or quizzes_left or scenarios_left:
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


def personal_data(user):
    """Everything the portal holds about one person, as plain data for a JSON download."""
    return {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "enrollments": [
            {
                "course": enrollment.course.slug,
                "enrolled_at": enrollment.enrolled_at.isoformat(),
                "last_activity_at": enrollment.last_activity_at.isoformat(),
                "completed_at": enrollment.completed_at.isoformat()
                if enrollment.completed_at
                else None,
            }
            for enrollment in user.enrollments.select_related("course")
        ],
        "lessons_completed": [
            {
                "course": completion.lesson.course.slug,
                "lesson": completion.lesson.slug,
                "completed_at": completion.completed_at.isoformat(),
            }
            for completion in user.lesson_completions.select_related("lesson__course")
        ],
        "quiz_attempts": [
            {
                "course": attempt.quiz.course.slug,
                "quiz": attempt.quiz.slug,
                "submitted_at": attempt.submitted_at.isoformat(),
                "score": attempt.score,
                "passed": attempt.passed,
                "answers": [
                    {
                        "question": answer.question.prompt,
                        "chosen": [choice.text for choice in answer.choices.all()],
                        "right": answer.is_correct,
                    }
                    for answer in attempt.answers.all()
                ],
            }
            for attempt in user.attempts.select_related("quiz__course").prefetch_related(
                "answers__question", "answers__choices"
            )
        ],
        "scenario_runs": [
            {
                "scenario": run.scenario.slug,
                "started_at": run.started_at.isoformat(),
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "ending": run.ending.title if run.ending else None,
                "measures": run.measures,
            }
            for run in user.scenario_runs.select_related("scenario", "ending")
        ],
        "offline_pack_downloads": [
            {
                "course": download.course.slug,
                "version": download.version,
                "downloaded_at": download.downloaded_at.isoformat(),
            }
            for download in user.pack_downloads.select_related("course")
        ],
        "certificates": [
            {
                "course": certificate.course.slug,
                "code": certificate.code,
                "name": certificate.name,
                "issued_at": certificate.issued_at.isoformat(),
            }
            for certificate in user.certificates.select_related("course")
        ],
    }


@transaction.atomic
def delete_account(*, user):
    """Remove the person and everything about them; their certificates stop verifying."""
    user.delete()
