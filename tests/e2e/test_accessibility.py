"""Every kind of page, checked in the browser with axe-core and for its basic structure."""

import pytest

from courses.models import Attempt, Certificate
from tests.e2e.pages import axe_violations, structure_problems


@pytest.fixture
def page_kinds(short_course, graduate):
    """``{name: (path, logged in as the graduate?)}`` for every kind of page the portal has."""
    lesson = short_course.lessons.get(position=1)
    quiz = short_course.quizzes.get()
    failed, passed = (
        Attempt.objects.filter(user=graduate, quiz=quiz).order_by("passed").select_related("quiz")
    )
    certificate = Certificate.objects.get(user=graduate)
    for attempt in (failed, passed):
        attempt.quiz.course = short_course
    lesson.course = quiz.course = short_course
    return {
        "home": ("/", False),
        "article list": ("/articles/?kind=principle", False),
        "article": ("/articles/neutrality/", False),
        "dos and don'ts": ("/articles/dos-and-donts/", False),
        "faq": ("/articles/faq/", False),
        "glossary index": ("/glossary/", False),
        "term": ("/glossary/international-humanitarian-law/", False),
        "tag": ("/tags/principles/", False),
        "sources": ("/sources/", False),
        "search": ("/search/?q=negotiation", False),
        "search without results": ("/search/?q=zzzqqq", False),
        "login": ("/accounts/login/", False),
        "sign-up": ("/accounts/signup/", False),
        "404": ("/no-such-page/", False),
        "certificate check": (certificate.get_verification_url(), False),
        "course list": ("/courses/", True),
        "course": (short_course.get_absolute_url(), True),
        "real course": ("/courses/peace-diplomacy/", True),
        "lesson": (lesson.get_absolute_url(), True),
        "real lesson": ("/courses/peace-diplomacy/lessons/what-peace-diplomacy-is/", True),
        "quiz": (quiz.get_absolute_url(), True),
        "quiz result, failed": (failed.get_absolute_url(), True),
        "quiz result, passed": (passed.get_absolute_url(), True),
        "certificate": (certificate.get_absolute_url(), True),
        "dashboard": ("/learning/", True),
        "profile": ("/accounts/profile/", True),
    }


@pytest.fixture
def visit(page, log_in_as, graduate):
    """Open a path as a visitor or as the graduate; fail on an unexpected status or on a
    Content-Security-Policy violation (inline script or style) in the console."""
    trainee_page = log_in_as(graduate)
    messages = []
    for tab in (page, trainee_page):
        tab.on("console", lambda message: messages.append(message.text))

    def go(name, path, logged_in):
        tab = trainee_page if logged_in else page
        messages.clear()
        response = tab.goto(path)
        assert response.status == (404 if name == "404" else 200), name
        tab.wait_for_load_state("load")
        csp = [text for text in messages if "Content Security Policy" in text]
        assert not csp, f"{name}: {csp}"
        return tab

    return go


def test_no_page_has_serious_or_critical_axe_violations(page_kinds, visit):
    problems = {}
    for name, (path, logged_in) in page_kinds.items():
        violations = axe_violations(visit(name, path, logged_in))
        if violations:
            problems[name] = violations
    assert not problems


def test_every_page_has_lang_landmarks_one_h1_and_labelled_fields(page_kinds, visit):
    problems = {}
    for name, (path, logged_in) in page_kinds.items():
        found = structure_problems(visit(name, path, logged_in))
        if found:
            problems[name] = found
    assert not problems


def test_the_checks_catch_what_they_look_for(page, content):
    """On a page broken on purpose, axe (running under the portal's Content-Security-Policy)
    and the structure check both report the breakage, so their silence above means something."""
    page.goto("/glossary/")
    page.evaluate(
        """() => {
          document.querySelector("main").append(
            document.createElement("input"), document.createElement("h1"));
          document.documentElement.removeAttribute("lang");
        }"""
    )
    violations = axe_violations(page)
    assert any(line.startswith("label (critical)") for line in violations)
    assert any(line.startswith("html-has-lang (serious)") for line in violations)
    problems = structure_problems(page)
    assert "no lang attribute on <html>" in problems
    assert "2 <h1> elements, not one" in problems
    assert 'unlabelled input ""' in problems
