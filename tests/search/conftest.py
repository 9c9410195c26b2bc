from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker

from core.models import Status


@pytest.fixture
def make_lesson(db, source):
    def make(course, **fields):
        fields.setdefault("position", course.lessons.count() + 1)
        fields.setdefault("slug", f"lesson-{fields['position']}")
        fields.setdefault("title", f"Lesson {fields['position']}")
        fields.setdefault("body", "A lesson.")
        lesson = baker.make("courses.Lesson", course=course, **fields)
        lesson.sources.add(source)
        return lesson

    return make


@pytest.fixture
def draft_course(db):
    return baker.make(
        "courses.Course",
        title="Unreleased course",
        slug="unreleased",
        status=Status.DRAFT,
        published_at=timezone.now() - timedelta(days=1),
        description="Not yet.",
    )


@pytest.fixture
def ihl(make_term):
    return make_term(
        term="International humanitarian law",
        slug="international-humanitarian-law",
        aliases="IHL, law of armed conflict",
        short_definition="The law that limits the effects of armed conflict.",
        definition="Rules that bind the parties to a conflict.",
    )
