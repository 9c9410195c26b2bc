"""Screenshots of the main page kinds at phone and desktop widths, written to var/screenshots/
on every run for people to look at; and no page may scroll sideways on a phone."""

import pytest

from certificates.models import Certificate
from courses.models import Attempt
from tests.e2e.pages import DESKTOP, PHONE, screenshot


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_pages_fit_the_screen(viewport, log_in_as, graduate, short_course):
    passed = Attempt.objects.select_related("quiz").get(user=graduate, passed=True)
    passed.quiz.course = short_course
    pages = {
        "home": "/",
        "article": "/articles/neutrality/",
        "glossary": "/glossary/",
        "lesson": short_course.lessons.get(position=1).get_absolute_url(),
        "quiz-result": passed.get_absolute_url(),
        "certificate": Certificate.objects.get(user=graduate).get_absolute_url(),
    }
    page = log_in_as(graduate, viewport=viewport)
    too_wide = {}
    for name, path in pages.items():
        page.goto(path)
        screenshot(page, name)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            too_wide[name] = overflow
    assert too_wide == {}
