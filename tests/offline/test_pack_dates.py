"""The offline pack dates its content in the language it is built in."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from courses.models import Course, Lesson
from offline.pack_building import build_pack

CONTENT_DATE = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "meta"),
    [
        ("en", "content as of 5 March 2026"),
        ("fr", "contenu au 5 mars 2026"),
        ("ar", "المحتوى بتاريخ 5 مارس، 2026"),
    ],
)
def test_the_pack_dates_its_content_in_its_language(course, language, meta):
    Course.objects.filter(pk=course.pk).update(updated_at=CONTENT_DATE)
    Lesson.objects.filter(course=course).update(updated_at=CONTENT_DATE)
    course.refresh_from_db()
    with translation.override(language):
        html = build_pack(course, submit_url="https://portal.example/offline/submit/").html.decode()
    assert meta in html
    if language != "en":
        assert "March" not in html
