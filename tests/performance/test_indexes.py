"""The lookups and orderings the pages use are served by indexes (SQLite's query plan).

PostgreSQL's planner rightly prefers a sequential scan on tables this small, so its plans
are not stable enough to pin; the same indexes exist there, created by the same migrations.
"""

import re

import pytest
from django.db import connection

from articles.models import Article
from courses.models import Attempt, Enrollment, Lesson, LessonCompletion
from glossary.models import Term

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="query plans are pinned on SQLite"
)


def assert_uses_indexes(queryset):
    """Every table is reached by an index search: no line of the plan scans a whole table."""
    plan = queryset.explain()
    assert "SEARCH" in plan, plan
    assert not re.search(r"\bSCAN\b", plan), plan


@pytest.mark.parametrize(
    "make_queryset",
    [
        lambda: Article.objects.filter(slug="neutrality"),
        lambda: Article.objects.filter(kind="do", position=2),
        lambda: Term.objects.filter(slug="mediation"),
        lambda: Lesson.objects.filter(course_id=1).order_by("position"),
        lambda: Enrollment.objects.filter(user_id=1, course_id=1),
        lambda: LessonCompletion.objects.filter(user_id=1, lesson__course_id=1),
        lambda: Attempt.objects.filter(user_id=1, quiz_id=1).order_by("-score"),
        lambda: Attempt.objects.filter(token="abc"),
    ],
    ids=[
        "article by slug",
        "dos in order",
        "term by slug",
        "lessons of a course",
        "enrollment",
        "lessons done in a course",
        "best attempt",
        "attempt by token",
    ],
)
def test_page_lookups_use_an_index(db, make_queryset):
    assert_uses_indexes(make_queryset())
