"""Several threads submitting at once: each attempt stored once, no completion recorded twice,
no more attempts than a quiz allows.

Each thread has its own database connection. SQLite serialises writers (the test database is a
file, with the same immediate transactions as the site); PostgreSQL, where `make test` runs the
whole suite a second time, locks the trainee's enrollment row.
"""

import re
import threading
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from model_bakery import baker

from certificates.models import Certificate
from core.models import Status
from courses import services
from courses.models import Attempt, Enrollment, LessonCompletion
from tests.courses.builders import add_quiz

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


# Real requests at once, against the live server


class Browser:
    """Requests carrying ``user``'s session and the cookies the site sets, as a browser would."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
        }
        self.base = live_server.url
        self.lock = threading.Lock()

    def request(self, path, data=None):
        """``(status, body)``; redirects are answers to count, not to follow."""
        connection = HTTPConnection(urlsplit(self.base).netloc, timeout=60)
        with self.lock:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {"Cookie": cookie, "Referer": self.base + path}
        if data is None:
            connection.request("GET", path, headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request("POST", path, body=urlencode(data), headers=headers)
        response = connection.getresponse()
        body = response.read().decode()
        with self.lock:
            for header in response.headers.get_all("Set-Cookie") or []:
                for morsel in SimpleCookie(header).values():
                    self.cookies[morsel.key] = morsel.value
        connection.close()
        return response.status, body


def quiz_form(browser, path):
    """The form data of a fresh quiz page, with every answer right."""
    status, page = browser.request(path)
    assert status == 200
    data = {
        "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(
            1
        ),
    }
    data.update(
        re.findall(
            r'<input type="radio" name="(question_\d+)" value="(\d+)"[^>]*>\s*'
            r'<label for="[^"]+">Right',
            page,
        )
    )
    return data


def test_attempt_tokens_posted_at_once_record_no_more_than_the_limit(
    live_server, transactional_db, django_user_model
):
    """Twenty forms opened one after another, then submitted at the same moment."""
    user = django_user_model.objects.create_user(username="racer", password="a-long-pass-12")
    course = baker.make(
        "courses.Course", slug="race", status=Status.PUBLISHED, title="Race", description="."
    )
    lesson = baker.make("courses.Lesson", course=course, slug="l", position=1, body=".")
    quiz = add_quiz(course, "limited", after_lesson=lesson, max_attempts=5)
    browser = Browser(live_server, user)
    path = quiz.get_absolute_url()
    forms = [quiz_form(browser, path) for _ in range(20)]
    assert len({form["token"] for form in forms}) == 20
    barrier = threading.Barrier(len(forms))
    statuses, errors = [], []

    def post(form):
        try:
            barrier.wait(timeout=30)
            statuses.append(browser.request(path, form)[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=post, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 5
    assert sorted(statuses) == [302] * 5 + [400] * 15  # the others get the page back, no 500
