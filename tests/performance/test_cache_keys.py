"""Every cache key comes from what the cached thing declares it depends on (core.cache_keys)."""

from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core import cache_keys
from core.cache_keys import (
    CONTENT,
    FRAGMENTS,
    HOST,
    LANGUAGE,
    PUBLICATION,
    SCHEDULE,
    SEES_DRAFTS,
    SPECS,
    USER_RECORDS,
    VISITOR_KIND,
    CacheSpec,
)
from core.caching import PAGE_TIMEOUT, forget_built
from core.models import ContentVersion, Status
from courses import services
from courses.progress import progress_for


def content_version_reads(queries):
    table = ContentVersion._meta.db_table
    return [
        query["sql"]
        for query in queries
        if table in query["sql"] and query["sql"].lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.parametrize("first_view", [True, False], ids=["cold", "warm"])
def test_a_signed_in_lesson_page_reads_the_content_version_once(
    client, course, trainee_factory, first_view
):
    trainee = trainee_factory()
    services.complete_lesson(user=trainee, lesson=course.lessons.get(position=1))
    client.force_login(trainee)
    lesson = course.lessons.get(position=2)
    client.get(lesson.get_absolute_url())
    if first_view:
        cache.clear()
        forget_built()
    with CaptureQueriesContext(connection) as context:
        response = client.get(lesson.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Body of lesson 2." in response.text
    assert len(content_version_reads(context.captured_queries)) == 1


def test_a_content_change_during_a_request_is_seen_by_the_keys_built_after_it(course):
    request = RequestFactory().get("/")
    held = cache_keys.hold_request(request)
    try:
        before = cache_keys.content_version()
        course.title = "Renamed"
        course.save()
        assert cache_keys.content_version() == ContentVersion.current() != before
    finally:
        cache_keys.release_request(held)


# What a key is built from, and situations that each change one thing about it.


class Situation:
    def __init__(self, course, user):
        self.course, self.lesson = course, course.lessons.get(position=1)
        self.user, self.language, self.address = user, "en", "portal.example.org"
        self.now = timezone.now()

    def keys(self, monkeypatch):
        """The key of every cached thing in this situation, each built in a new request."""
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        progress = progress_for(self.course, self.user)
        keys = {}
        with translation.override(self.language):
            for name, spec in SPECS.items():
                request = RequestFactory().get("/courses/foundations/")
                request.user, request.LANGUAGE_CODE = self.user, self.language
                keys[name] = spec.key(
                    self.course,
                    self.lesson,
                    request=request,
                    progress=progress,
                    address=self.address,
                )
        return keys


def new_content(situation, others):
    ContentVersion.bump()


def trainee_signs_in(situation, others):
    situation.user = others["trainee"]  # not enrolled: the same records as a visitor


def staff_signs_in(situation, others):
    situation.user = others["staff"]


def another_language(situation, others):
    situation.language = "fr"


def another_host(situation, others):
    situation.address = "127.0.0.1:8941"


def scheduled_dates_pass(situation, others):
    situation.now += timedelta(seconds=PAGE_TIMEOUT)


def course_scheduled_for_later(situation, others):
    situation.course.published_at = situation.now + timedelta(days=1)  # not saved: no signal


CHANGES = {
    new_content: {CONTENT},
    trainee_signs_in: {VISITOR_KIND},
    staff_signs_in: {VISITOR_KIND, SEES_DRAFTS},
    another_language: {LANGUAGE},
    another_host: {HOST},
    scheduled_dates_pass: {SCHEDULE},
    course_scheduled_for_later: {PUBLICATION},
}


@pytest.fixture
def others(trainee_factory, staff_user):
    return {"trainee": trainee_factory("other"), "staff": staff_user}


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_key_changes_with_what_it_declares_and_nothing_else(change, course, others, monkeypatch):
    situation = Situation(course, AnonymousUser())
    before = situation.keys(monkeypatch)
    assert situation.keys(monkeypatch) == before  # nothing changed, nothing read anew
    change(situation, others)
    after = situation.keys(monkeypatch)
    changed = {name for name in SPECS if after[name] != before[name]}
    declaring = {name for name, spec in SPECS.items() if CHANGES[change] & set(spec.depends_on)}
    assert changed == declaring


def test_a_key_changes_with_the_trainees_ticks_only_if_it_declares_them(
    course, trainee_factory, monkeypatch
):
    first, second = trainee_factory("first"), trainee_factory("second")
    for trainee in (first, second):
        services.enroll(user=trainee, course=course)
    situation = Situation(course, first)
    before = situation.keys(monkeypatch)
    situation.user = second  # the same ticks: the same keys
    assert situation.keys(monkeypatch) == before
    services.complete_lesson(user=second, lesson=course.lessons.get(position=1))
    after = situation.keys(monkeypatch)
    changed = {name for name in SPECS if after[name] != before[name]}
    assert changed == {name for name, spec in SPECS.items() if USER_RECORDS in spec.depends_on}
    assert changed >= {"lesson-page", "lesson-next", "course-outline"}


def test_a_key_names_what_it_is_about(course):
    first, second = course.lessons.order_by("position")
    keys = {cache_keys.CARD_PDF.key(lesson, content_version=1) for lesson in (first, second)}
    assert len(keys) == 2


def test_two_cached_things_cannot_share_a_name():
    with pytest.raises(ValueError, match="lesson-body"):
        CacheSpec("lesson-body")


def test_a_key_built_without_what_it_depends_on_is_refused(course):
    request = RequestFactory().get("/")  # no middleware gave it a user
    with pytest.raises(cache_keys.Unknown):
        cache_keys.SITE_HEADER.key(request=request)
    request.user = AnonymousUser()
    with pytest.raises(cache_keys.Unknown):
        cache_keys.LESSON_PAGE.key(course, request=request)  # no progress


# Drafts and fragments.


@pytest.mark.parametrize("spec", FRAGMENTS.values(), ids=lambda spec: spec.name)
def test_every_fragment_that_shows_content_keeps_what_staff_see_apart(spec):
    """Staff see drafts: a fragment of content declares whether the visitor does."""
    if CONTENT in spec.depends_on:
        assert spec.varies_by_visitor


def test_a_draft_seen_by_staff_is_never_served_to_a_visitor_from_a_fragment(
    client, course, staff_user, monkeypatch
):
    course.published_at = timezone.now() + timedelta(minutes=1)
    course.save()
    lesson = course.lessons.get(position=1)
    client.force_login(staff_user)
    assert "draft-banner" in client.get(lesson.get_absolute_url()).text
    assert client.get(course.get_absolute_url()).status_code == HTTPStatus.OK
    client.logout()
    assert client.get(lesson.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)  # published, with no content change
    page = client.get(lesson.get_absolute_url()).text
    assert "Body of lesson 1." in page
    assert "draft-banner" not in page
    assert "Only staff can see it" not in page


def test_a_scheduled_article_joins_a_lessons_reading_list_once_published(
    client, course, make_article, trainee_factory, monkeypatch
):
    article = make_article(
        title="Coming soon", slug="coming-soon", published_at=timezone.now() + timedelta(hours=1)
    )
    lesson = course.lessons.get(position=1)
    lesson.related_articles.add(article)
    client.force_login(trainee_factory())  # signed in: the page itself is not cached
    assert "Coming soon" not in client.get(lesson.get_absolute_url()).text
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Coming soon" in client.get(lesson.get_absolute_url()).text


def test_a_draft_course_keeps_its_banner_for_staff_when_served_from_the_cache(
    client, course, staff_user
):
    course.status = Status.DRAFT
    course.save()
    client.force_login(staff_user)
    lesson = course.lessons.get(position=1)
    assert "draft-banner" in client.get(lesson.get_absolute_url()).text
    assert "draft-banner" in client.get(lesson.get_absolute_url()).text  # from the cache


# The template tag.


def test_a_fragment_is_served_from_the_cache_under_its_key(rf):
    template = Template(
        '{% load fragment_cache %}{% cached_fragment "site-footer" %}{{ n }}'
        "{% endcached_fragment %}"
    )
    request = rf.get("/")
    request.LANGUAGE_CODE = "en"  # as LocaleMiddleware leaves it
    assert template.render(Context({"request": request, "n": 1})) == "1"
    assert template.render(Context({"request": request, "n": 2})) == "1"
    with translation.override("fr"):
        assert template.render(Context({"request": request, "n": 3})) == "3"


def test_a_fragment_without_its_visitor_is_rendered_and_not_cached(rf):
    template = Template(
        '{% load fragment_cache %}{% cached_fragment "site-header" "courses" %}{{ n }}'
        "{% endcached_fragment %}"
    )
    request = rf.get("/")  # no middleware gave it a user
    assert template.render(Context({"request": request, "n": 1})) == "1"
    assert template.render(Context({"request": request, "n": 2})) == "2"


def test_a_fragment_must_be_declared():
    with pytest.raises(TemplateSyntaxError, match="no-such-fragment"):
        Template(
            '{% load fragment_cache %}{% cached_fragment "no-such-fragment" %}'
            "{% endcached_fragment %}"
        )


def test_no_template_keeps_its_own_vary_list():
    templates = [
        path for folder in settings.TEMPLATES[0]["DIRS"] for path in Path(folder).rglob("*.html")
    ]
    assert templates
    hand_keyed = [path.name for path in templates if "{% cache " in path.read_text()]
    assert hand_keyed == []
