"""Each page kind costs the same number of queries with the fixtures alone and at scale."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from bench.scale import ScaleDataBuilder
from core.caching import forget_built
from courses.models import Course
from glossary.models import Term

# Each page is measured signed in and cold: the first includes who may see reports (read once
# per five minutes for the header's Reports link), one query on every page.
BUDGETS = {
    "home": 7,
    "article list": 6,
    "article": 10,
    "dos and don'ts": 4,
    "faq": 5,
    "glossary": 6,
    "term": 9,
    "course list": 5,
    "course": 12,  # the outline's objectives
    "lesson": 13,
    "quiz": 12,
    "result": 13,  # the outline's objectives
    "dashboard": 11,  # the course in progress: its outline, kept by the worker, and standing
    "search": 8,  # with the glossary's names, read once per content version
}


def urls(attempt_url):
    course = Course.objects.get(slug="peace-diplomacy")
    return {
        "home": reverse("home"),
        "article list": reverse("articles:article_list"),
        "article": Article.objects.get(slug="neutrality").get_absolute_url(),
        "dos and don'ts": reverse("articles:dos_and_donts"),
        "faq": reverse("articles:faq"),
        "glossary": reverse("glossary:term_list"),
        "term": Term.objects.get(slug="international-humanitarian-law").get_absolute_url(),
        "course list": reverse("courses:course_list"),
        "course": course.get_absolute_url(),
        "lesson": course.lessons.get(position=2).get_absolute_url(),
        "quiz": course.quizzes.get(slug="check-1").get_absolute_url(),
        "result": attempt_url,
        "dashboard": reverse("courses:dashboard"),
        "search": reverse("search") + "?q=negotiation",
    }


def measure(client, pages):
    counts = {}
    for kind, url in pages.items():
        cache.clear()
        forget_built()  # a first view: nothing kept from the page before
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, kind
        counts[kind] = len(context.captured_queries)
    return counts


@pytest.mark.django_db
def test_query_budgets_hold_and_do_not_grow_with_scale_data(
    client, shipped_content, trainee_factory
):
    client.force_login(trainee_factory())
    course = Course.objects.get(slug="peace-diplomacy")
    client.post(reverse("courses:enroll", args=[course.slug]))
    quiz = course.quizzes.get(slug="check-1")
    page = client.get(quiz.get_absolute_url()).content.decode()
    answers = dict.fromkeys(set(re.findall(r'name="(question_\d+)"', page)), "1")
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(quiz.get_absolute_url(), {"token": token, **answers})
    pages = urls(response.url)

    with_fixtures = measure(client, pages)
    ScaleDataBuilder(factor=0.005).build()
    call_command("rebuild_search_index", verbosity=0)
    at_scale = measure(client, pages)

    assert at_scale == with_fixtures
    over = {kind: count for kind, count in at_scale.items() if count > BUDGETS[kind]}
    assert over == {}
