"""Several threads submitting at once: each attempt stored once, no completion recorded twice.

SQLite serialises writers, so the race is only real on PostgreSQL, where `make test` runs the
whole suite a second time.
"""

import threading

import pytest
from django.db import connection
from model_bakery import baker

from courses import services
from courses.models import Attempt, Certificate, Enrollment, LessonCompletion
from diplomacy_portal.models import Status

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)
THREADS = 8


def run_at_once(work):
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            work(index)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


@pytest.fixture
def setting(transactional_db, django_user_model):
    user = django_user_model.objects.create_user(username="t", password="a-long-test-pass-1")
    course = baker.make("courses.Course", slug="c", status=Status.PUBLISHED)
    lesson = baker.make("courses.Lesson", course=course, slug="l", position=1)
    quiz = baker.make("courses.Quiz", course=course, slug="q", after_lesson=lesson)
    question = baker.make("courses.Question", quiz=quiz, position=1)
    right = baker.make("courses.Choice", question=question, position=1, is_correct=True)
    return user, course, lesson, quiz, question, right


def test_the_same_attempt_submitted_at_once_is_stored_once(setting):
    user, course, lesson, quiz, question, right = setting
    run_at_once(
        lambda _: services.submit_attempt(
            user=user, quiz=quiz, token="same", graded_answers=[(question, [right], True)]
        )
    )
    assert Attempt.objects.filter(token="same").count() == 1
    assert Attempt.objects.get().answers.count() == 1
    assert Enrollment.objects.count() == 1


def test_distinct_attempts_at_once_are_each_stored_once(setting):
    user, course, lesson, quiz, question, right = setting
    run_at_once(
        lambda index: services.submit_attempt(
            user=user, quiz=quiz, token=f"t{index}", graded_answers=[(question, [right], True)]
        )
    )
    assert Attempt.objects.count() == THREADS
    assert sorted(Attempt.objects.values_list("token", flat=True)) == sorted(
        f"t{index}" for index in range(THREADS)
    )


def test_completion_and_certificate_are_recorded_once(setting):
    user, course, lesson, quiz, question, right = setting
    services.submit_attempt(
        user=user, quiz=quiz, token="pass", graded_answers=[(question, [right], True)]
    )

    def finish(index):
        services.complete_lesson(user=user, lesson=lesson)

    run_at_once(finish)
    assert LessonCompletion.objects.count() == 1
    assert Certificate.objects.count() == 1
    assert Enrollment.objects.get().completed_at is not None
