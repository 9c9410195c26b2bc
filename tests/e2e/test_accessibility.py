"""Every kind of page, checked in the browser with axe-core and for its basic structure."""

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Attempt
from tests.e2e.pages import answer_quiz, axe_violations, structure_problems


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


def assert_accessible(tab, name, states):
    """Run axe and the structure check on the page the browser is on now, under ``name``."""
    problems = axe_violations(tab) + structure_problems(tab)
    if problems:
        states[name] = problems


def test_pages_after_a_submission_with_messages_or_errors_have_no_axe_violations(
    page, log_in_as, short_course, make_user
):
    """Not only each page's first view: the pages a form leads to, with their flash messages
    and error lists, go through the same checks."""
    states = {}
    quiz = short_course.quizzes.get()
    quiz.course = short_course
    trainee = log_in_as(make_user("taker"))

    trainee.goto(quiz.get_absolute_url())
    trainee.get_by_role("button", name="Submit my answers").click()  # nothing ticked
    expect(trainee.locator(".field-error").first).to_be_visible()
    assert_accessible(trainee, "quiz with errors", states)

    for right in (False, True):
        trainee.goto(quiz.get_absolute_url())
        answer_quiz(trainee, quiz, right=right)
        expect(trainee.locator(".messages")).to_contain_text("Your answers were recorded.")
        assert_accessible(
            trainee, f"quiz result after a {'right' if right else 'wrong'} submission", states
        )

    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill("a-long-e2e-password")
    page.get_by_label("Password confirmation").fill("a-different-password")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".field-error, .errors").first).to_be_visible()
    assert_accessible(page, "sign-up with errors", states)

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("taker")
    page.get_by_label("Password").fill("not-the-password")
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator(".errors, .field-error").first).to_be_visible()
    assert_accessible(page, "login with errors", states)

    assert not states
