"""Course pages cost a fixed number of queries, however many lessons, questions or attempts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from model_bakery import baker

from tests.courses.builders import add_quiz, answer_quiz


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(course, quiz, trainee_client, size):
    """Add lessons, questions and attempts."""
    start = course.lessons.count() + 1
    for position in range(start, start + size):
        baker.make(
            "courses.Lesson",
            course=course,
            position=position,
            slug=f"extra-{position}",
            body="More.",
        )
    extra = add_quiz(course, f"extra-{start}", questions=size)
    for _ in range(size):
        answer_quiz(trainee_client, quiz, right=False)
        answer_quiz(trainee_client, extra, right=True)


@pytest.fixture
def enrolled(trainee_client, course, quiz):
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    lesson = course.lessons.first()
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    answer_quiz(trainee_client, quiz)
    return trainee_client


# Budgets with nothing cached, then once the outline, lesson body and questions are cached.
# Every page a trainee sees asks once whether to offer the staff reports (the header's link).
PAGES = {
    "course": (lambda c, q: c.get_absolute_url(), 10, 8),  # offline pack, staff report link
    "lesson": (lambda c, q: c.lessons.first().get_absolute_url(), 11, 5),
    "quiz": (lambda c, q: q.get_absolute_url(), 9, 6),
    # plus, per course in progress, its outline and standing for the Continue button
    "dashboard": (lambda c, q: reverse("courses:dashboard"), 10, 9),
    "results": (lambda c, q: q.attempts.first().get_absolute_url(), 10, 7),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_pinned_and_does_not_grow(enrolled, course, quiz, page):
    url_for, budget, _ = PAGES[page]
    cache.clear()
    small = count_queries(enrolled, url_for(course, quiz))
    assert small <= budget
    grow(course, quiz, enrolled, size=6)
    cache.clear()
    large = count_queries(enrolled, url_for(course, quiz))
    assert large == small


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_once_content_is_cached(enrolled, course, quiz, page):
    url_for, _, budget = PAGES[page]
    count_queries(enrolled, url_for(course, quiz))
    assert count_queries(enrolled, url_for(course, quiz)) <= budget
