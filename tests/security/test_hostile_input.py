"""Random and hostile values in every form and query string: never a 500, never a partial write."""

import re
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Attempt, Enrollment, LessonCompletion
from tests.courses.builders import add_quiz

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "'; DROP TABLE articles_article; --",
        '" OR 1=1 --',
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "../../etc/passwd",
        "%00",
        "\x00",
        "\ud7ff" * 3,
        "NEAR(a b)",
        "a AND OR NOT",
        '"unbalanced',
        "*",
        "-",
        ":",
        "{title}: x",
        "Ω≈ç√∫˜µ≤≥÷",
        "مرحبا بالعالم",
        "日本語のテキスト",
        "🕊️🤝🏽",
        "9" * 500,
        "x" * 5000,
        "-1",
        "0",
        "1e309",
        "None",
    ]
)
TEXT = st.one_of(HOSTILE, st.text(max_size=300))
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OK = {
    HTTPStatus.OK,
    HTTPStatus.FOUND,
    HTTPStatus.BAD_REQUEST,
    HTTPStatus.NOT_FOUND,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.TOO_MANY_REQUESTS,
    HTTPStatus.METHOD_NOT_ALLOWED,
}


@pytest.fixture
def trainee_client(client, trainee_factory):
    client.force_login(trainee_factory())
    return client


def strip_nul(value):
    # The test client cannot put a NUL byte in a URL; Django answers such requests itself.
    return value.replace("\x00", "")


@FUZZ
@given(q=TEXT, kind=TEXT, page=TEXT)
def test_search_query_string(client, article, term, q, kind, page):
    response = client.get(
        reverse("search"), {"q": strip_nul(q), "kind": strip_nul(kind), "page": strip_nul(page)}
    )
    assert response.status_code in OK


@FUZZ
@given(kind=TEXT, tag=TEXT, page=TEXT)
def test_article_list_query_string(client, article, kind, tag, page):
    response = client.get(
        reverse("articles:article_list"),
        {"kind": strip_nul(kind), "tag": strip_nul(tag), "page": strip_nul(page)},
    )
    assert response.status_code in OK


@FUZZ
@given(page=TEXT)
def test_glossary_and_course_list_pages(client, term, course, page):
    for name in ("glossary:term_list", "courses:course_list"):
        assert client.get(reverse(name), {"page": strip_nul(page)}).status_code in OK


@FUZZ
@given(username=TEXT, display_name=TEXT, email=TEXT, password=TEXT)
def test_sign_up_form(client, db, username, display_name, email, password):
    users_before = get_user_model().objects.count()
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": username,
            "display_name": display_name,
            "email": email,
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code in OK
    created = get_user_model().objects.count() - users_before
    if response.status_code == HTTPStatus.FOUND:
        assert created == 1
        client.post(reverse("logout"))
    else:
        assert created == 0


@FUZZ
@given(username=TEXT, password=TEXT)
def test_login_form(client, db, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in OK


@FUZZ
@given(values=st.dictionaries(st.sampled_from(["token", "question_1", "question_2", "x"]), TEXT))
def test_quiz_submission(trainee_client, course, values):
    quiz = add_quiz(course, "fuzz") if not course.quizzes.exists() else course.quizzes.get()
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    names = sorted(set(re.findall(r'name="(question_\d+)"', page)))
    data = {"token": token}
    for key, value in values.items():
        if key.startswith("question_"):
            key = names[int(key[-1]) - 1]
        data[key] = value
    attempts_before = Attempt.objects.count()
    response = trainee_client.post(quiz.get_absolute_url(), data)
    assert response.status_code in OK
    if response.status_code == HTTPStatus.FOUND:
        assert Attempt.objects.count() == attempts_before + 1
        attempt = Attempt.objects.latest("pk")
        assert attempt.answers.count() == len(names)
    else:
        assert Attempt.objects.count() == attempts_before


@FUZZ
@given(slug=TEXT)
def test_enroll_and_mark_complete_with_any_slug(trainee_client, course, slug):
    slug = quote(strip_nul(slug), safe="")  # a slug is one path segment, "?" and "/" included
    for url in (f"/courses/{slug}/enroll/", f"/courses/foundations/lessons/{slug}/complete/"):
        response = trainee_client.post(url)
        assert response.status_code in OK
    assert Enrollment.objects.filter(course__slug="foundations").count() <= 1
    assert LessonCompletion.objects.count() <= course.lessons.count()


@FUZZ
@given(q=TEXT)
def test_admin_changelist_search(admin_client, article, q):
    for name in ("admin:articles_article_changelist", "admin:glossary_term_changelist"):
        response = admin_client.get(reverse(name), {"q": strip_nul(q)})
        assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "url",
    [
        "/articles/%E2%80%AE/",
        "/glossary/..%2F..%2Fetc/",
        "/courses/x/lessons/%00/",
        "/courses/foundations/quizzes/nope/",
        "/courses/foundations/quizzes/check/attempts/99999999999999999999/",
        "/certificates/%3Cscript%3E/",
        "/tags/%F0%9F%95%8A/",
    ],
)
def test_unknown_or_malformed_addresses_give_404(trainee_client, course, url):
    assert trainee_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_very_long_username_is_refused_not_an_error(client, db):
    """Recording the failed attempt must fit the lock-out table (PostgreSQL checks lengths)."""
    response = client.post(reverse("login"), {"username": "9" * 600, "password": " "})
    assert response.status_code == HTTPStatus.OK
    from axes.models import AccessAttempt

    assert all(len(attempt.username) <= 150 for attempt in AccessAttempt.objects.all())
