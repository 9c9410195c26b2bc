"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server, with the real content loaded.

One browser serves the whole session; every test gets fresh contexts (a new, empty profile:
no cookies, no cache). Every test in this folder is marked ``e2e`` (``pytest -m e2e`` runs only
these, ``-m "not e2e"`` everything else).
"""

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from model_bakery import baker
from playwright.sync_api import sync_playwright

from core.models import Source, Status
from courses import services
from courses.models import QuestionKind, Reveal
from tests.e2e.pages import DESKTOP, PASSWORD

# Playwright's sync API runs an event loop in the test's thread, so Django would refuse ORM
# calls made there (fixtures, look-ups in tests). Nothing here is actually asynchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Mark every test here ``e2e``; skip them on engines other than SQLite unless asked.

    They pass on PostgreSQL too, but there each test has to load the content afresh (some 45
    seconds), so ``make test`` runs them in its SQLite run only. ``E2E_ANY_DATABASE=1`` runs
    them on whatever ``DATABASE_URL`` names.
    """
    on_sqlite = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    run_here = on_sqlite or os.environ.get("E2E_ANY_DATABASE") == "1"
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if not run_here:
                item.add_marker(pytest.mark.skip(reason="browser tests run in the SQLite run"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make setup` installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def e2e_settings(settings):
    """Static files from ``static/`` as they are now: the live server's static handler looks
    files up with the finders, which know nothing of the hashed names the manifest storage
    writes. And a fast password hasher: the journeys sign up and log in several times."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def content_snapshot(django_db_setup, django_db_blocker):
    """On SQLite, a copy of the test database with the real content loaded, taken once.

    Loading the fixtures takes seconds; restoring this copy takes milliseconds. The test
    database is emptied again at once, so tests outside this folder never see the content.
    On other engines there is no copy and each test loads the content itself (slowly).
    """
    if connection.vendor != "sqlite":
        yield None
        return
    with django_db_blocker.unblock():
        load_content()
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        call_command("flush", interactive=False, verbosity=0)
    yield snapshot
    snapshot.close()


def load_content():
    call_command("load_content", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


@pytest.fixture
def content(transactional_db, live_server, content_snapshot):
    """The real content (articles, glossary, courses) in the live server's database."""
    if content_snapshot is None:
        load_content()
    else:
        connection.ensure_connection()
        content_snapshot.backup(connection.connection)
    return live_server


@pytest.fixture
def new_context(browser, live_server):
    """Open a fresh browser context (a new, empty profile) on the live server."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def log_in_as(new_context, live_server):
    """A page in a fresh context already logged in as ``user`` (by session cookie), for tests
    whose subject is not logging in."""

    def make(user, **options):
        client = Client()
        client.force_login(user)
        session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        context = new_context(**options)
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
        return context.new_page()

    return make


@pytest.fixture
def short_course(content):
    """A small published course: two lessons, then a final quiz of one single-choice and one
    multiple-choice question, pass mark 100%, every answer and explanation shown."""
    source = Source.objects.order_by("pk").first()
    course = baker.make(
        "courses.Course",
        title="Negotiating access in an afternoon",
        slug="negotiating-access",
        summary="A short course on negotiating humanitarian access.",
        description="Two short lessons and a final check.",
        estimated_minutes=30,
        status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    bodies = [
        "Negotiators seek **humanitarian access** within the limits that international "
        "humanitarian law sets.\n\nThey ask for access, they never buy it.",
        "Every negotiator has **red lines**. Leverage is what moves the other side.",
    ]
    for position, (title, body) in enumerate(
        [("Why access is negotiated", bodies[0]), ("Red lines and leverage", bodies[1])], 1
    ):
        lesson = baker.make(
            "courses.Lesson",
            course=course,
            position=position,
            title=title,
            slug=f"lesson-{position}",
            summary=f"Lesson {position} of the short course.",
            body=body,
            estimated_minutes=10,
        )
        lesson.sources.add(source)
    quiz = baker.make(
        "courses.Quiz",
        course=course,
        slug="final-check",
        title="Final check",
        introduction="Two questions on the whole course.",
        after_lesson=None,
        pass_mark=100,
        shuffle_choices=False,
        reveal=Reveal.ALWAYS,
    )
    questions = [
        (
            QuestionKind.SINGLE,
            "Which body of law limits the effects of armed conflict?",
            "International humanitarian law binds every party to an armed conflict.",
            [("International humanitarian law", True), ("Trade law", False)],
        ),
        (
            QuestionKind.MULTIPLE,
            "Which of these are humanitarian principles?",
            "Humanity and neutrality are two of the four principles; profit is none.",
            [("Humanity", True), ("Profit", False), ("Neutrality", True)],
        ),
    ]
    for position, (kind, prompt, explanation, choices) in enumerate(questions, 1):
        question = baker.make(
            "courses.Question",
            quiz=quiz,
            position=position,
            kind=kind,
            prompt=prompt,
            explanation=explanation,
        )
        for number, (text, is_correct) in enumerate(choices, 1):
            baker.make(
                "courses.Choice",
                question=question,
                position=number,
                text=text,
                is_correct=is_correct,
                feedback="Right." if is_correct else "Not this one.",
            )
    return course


@pytest.fixture
def make_user(django_user_model):
    def make(username, **fields):
        fields.setdefault("display_name", username.title())
        return django_user_model.objects.create_user(username=username, password=PASSWORD, **fields)

    return make


@pytest.fixture
def graduate(short_course, make_user):
    """A trainee who has done both lessons, failed the final check once, then passed it."""
    user = make_user("graduate", display_name="Amina Field")
    services.enroll(user=user, course=short_course)
    for lesson in short_course.lessons.all():
        lesson.course = short_course
        services.complete_lesson(user=user, lesson=lesson)
    quiz = short_course.quizzes.get()
    quiz.course = short_course
    questions = list(quiz.questions.prefetch_related("choices"))
    for token, right in (("e2e-failed", False), ("e2e-passed", True)):
        graded = [
            (q, [c for c in q.choices.all() if c.is_correct == right], right) for q in questions
        ]
        services.submit_attempt(user=user, quiz=quiz, token=token, graded_answers=graded)
    return user
