from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone
from model_bakery import baker

from core.caching import forget_built
from core.models import Status


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and matchers belong to one test's data."""
    for cache in caches.all():
        cache.clear()
    forget_built()
    yield
    for cache in caches.all():
        cache.clear()
    forget_built()


@pytest.fixture
def source(db):
    return baker.make("core.Source", slug="nrc", title="Dos and Don'ts", author="NRC", year=2026)


@pytest.fixture
def make_article(db, source):
    def make(**fields):
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(days=1))
        fields.setdefault("kind", "explainer")
        fields.setdefault("body", "Some **body** text.")
        article = baker.make("articles.Article", **fields)
        article.sources.add(source)
        return article

    return make


@pytest.fixture
def article(make_article):
    return make_article(title="Neutrality", slug="neutrality", kind="principle", position=2)


@pytest.fixture
def draft_article(make_article):
    return make_article(title="Unfinished", slug="unfinished", status=Status.DRAFT)


@pytest.fixture
def make_term(db, source):
    def make(**fields):
        fields.setdefault("definition", "A definition.")
        term = baker.make("glossary.Term", **fields)
        term.sources.add(source)
        return term

    return make


@pytest.fixture
def term(make_term):
    return make_term(
        term="International humanitarian law",
        slug="international-humanitarian-law",
        aliases="IHL, law of armed conflict",
        short_definition="The law that limits the effects of armed conflict.",
    )


@pytest.fixture
def course(db, source):
    course = baker.make(
        "courses.Course",
        title="Foundations",
        slug="foundations",
        status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
        description="About the course.",
    )
    for position in (1, 2):
        lesson = baker.make(
            "courses.Lesson",
            course=course,
            position=position,
            title=f"Lesson {position}",
            slug=f"lesson-{position}",
            body=f"Body of lesson {position}.",
        )
        lesson.sources.add(source)
    return course


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", password="a-long-test-password", email="root@example.org"
    )


@pytest.fixture
def trainee_factory(db, django_user_model):
    def make(username="trainee"):
        return django_user_model.objects.create_user(
            username=username, password="a-long-test-password", display_name=username.title()
        )

    return make
