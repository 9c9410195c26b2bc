"""A trainee on a phone in French and in Arabic: sign-up in their language, the whole
Foundations course (every lesson, every quiz passed, the required scenario played to an ending)
and its certificate, all in that language; then the language saved on their profile, which a
page asked for without prefix follows once they sign in again. Every kind of page is checked
as the reader's are (tests/e2e/languages.py)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from certificates.models import Certificate
from courses.models import Course, Question
from tests.e2e.languages import LANGUAGES, check_page, follow_switcher, gettext_in
from tests.e2e.pages import PASSWORD, PHONE

COURSE = "foundations-of-humanitarian-diplomacy"
SCENARIO = "ten-letters-of-objection"


def text_in(obj, field, language):
    """``obj``'s ``field`` as the page shows it in ``language``: its translation, else English."""
    return getattr(obj, f"{field}_{language}") or getattr(obj, field)


def button(page, language, message):
    return page.locator("main").get_by_role("button", name=gettext_in(language, message))


def pass_quiz(page, language):
    """Tick the right choices of every question by their label in the language, read from the
    database by the question's field name, and submit."""
    questions = page.locator("fieldset.question")
    assert questions.count() > 0
    for index in range(questions.count()):
        fieldset = questions.nth(index)
        name = fieldset.locator("input").first.get_attribute("name")
        question = Question.objects.get(pk=int(name.removeprefix("question_")))
        expect(fieldset.locator("legend")).to_contain_text(text_in(question, "prompt", language))
        right = [text_in(c, "text", language) for c in question.choices.all() if c.is_correct]
        for text in right:
            fieldset.get_by_label(text, exact=True).check()
    button(page, language, "Submit my answers").click()
    expect(page.locator(".score.passed")).to_be_visible()


def play_to_an_ending(page, language, problems):
    page.goto(f"/{language}/scenarios/{SCENARIO}/")
    check_page(page, language, "scenario", problems)
    page.locator("button.scenario-start").click()
    check_page(page, language, "scenario-decision", problems)
    for _ in range(20):
        choices = page.locator("form.scenario-choices button.scenario-choice")
        if choices.count() == 0:
            break
        choices.first.click()
    else:
        raise AssertionError("the scenario did not reach an ending in 20 decisions")
    if not page.locator("section.scenario-map").count():
        page.locator("a[href$='/debrief/']").first.click()
    expect(page).to_have_url(re.compile(rf"^[^?]*/{language}/scenarios/"))
    check_page(page, language, "scenario-debrief", problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_trainee_takes_the_foundations_course_in_their_language_on_a_phone(
    new_context, content, language
):
    course = Course.objects.get(slug=COURSE)
    title = getattr(course, f"title_{language}")
    assert title and title != course.title_en
    page = new_context(viewport=PHONE).new_page()
    problems = {}
    username = f"trainee-{language}"

    # Sign up in the language, reached from the English home page by the switcher.
    page.goto("/")
    follow_switcher(page, language)
    page.goto(f"/{language}/accounts/signup/")
    check_page(page, language, "signup", problems)
    page.locator("#id_username").fill(username)
    page.locator("#id_display_name").fill("Amina Field")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    button(page, language, "Create account").click()
    expect(page).to_have_url(re.compile(rf"/{language}/learning/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext_in(language, "My learning"))
    check_page(page, language, "dashboard", problems)

    # The course, in the language: enrol, then every lesson and the quizzes after it.
    page.goto(f"/{language}{course.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_page(page, language, "course", problems)
    button(page, language, "Enroll in this course").click()
    quizzes = list(course.quizzes.select_related("after_lesson"))
    for quiz in quizzes:
        quiz.course = course
    for lesson in course.lessons.order_by("position"):
        lesson.course = course
        page.goto(f"/{language}{lesson.get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text_in(lesson, "title", language)
        )
        check_page(page, language, f"lesson-{lesson.position}", problems)
        button(page, language, "Mark this lesson complete").click()
        for quiz in (q for q in quizzes if q.after_lesson_id == lesson.pk):
            page.goto(f"/{language}{quiz.get_absolute_url()}")
            check_page(page, language, f"quiz-{quiz.slug}", problems)
            pass_quiz(page, language)
            check_page(page, language, f"result-{quiz.slug}", problems)

    # The required scenario, then the final quiz completes the course.
    play_to_an_ending(page, language, problems)
    final = next(q for q in quizzes if q.after_lesson_id is None)
    page.goto(f"/{language}{final.get_absolute_url()}")
    check_page(page, language, "quiz-final", problems)
    pass_quiz(page, language)
    panel = page.locator(".completion-panel")
    expect(panel).to_be_visible()
    check_page(page, language, "result-final", problems)

    # The certificate, in the language.
    certificate = Certificate.objects.get(user__username=username)
    panel.locator(f"a[href$='{certificate.get_absolute_url()}']").click()
    expect(page.locator(".certificate-name")).to_have_text("Amina Field")
    expect(page.locator(".certificate-course")).to_have_text(title)
    # The code and the address read left to right in a right-to-left page too.
    for latin in (page.locator(".certificate-code strong"), page.locator(".certificate-code a")):
        assert latin.evaluate("(element) => getComputedStyle(element).direction") == "ltr"
    check_page(page, language, "certificate", problems)

    # The language saved on the profile...
    page.goto(f"/{language}/accounts/profile/")
    page.locator("#id_language").select_option(language)
    button(page, language, "Save").click()
    expect(page.locator(".messages")).to_contain_text(
        gettext_in(language, "Your profile was saved.")
    )
    check_page(page, language, "profile", problems)
    assert User.objects.get(username=username).language == language

    # ...is followed after signing in again, in a browser that knows nothing of it: the page
    # the login leads to, asked for without prefix, is sent to the saved language.
    other = new_context(viewport=PHONE).new_page()
    other.goto("/accounts/login/")
    expect(other.locator("html")).to_have_attribute("lang", "en")
    other.locator("#id_username").fill(username)
    other.locator("#id_password").fill(PASSWORD)
    with other.expect_response(lambda response: response.url.endswith("/learning/")) as first:
        other.locator("main form button[type=submit]").click()
    assert first.value.status == 302
    assert first.value.headers["location"] == f"/{language}/learning/"
    expect(other).to_have_url(re.compile(rf"/{language}/learning/$"))
    expect(other.locator("html")).to_have_attribute("lang", language)
    other.locator(f"main a[href$='{certificate.get_absolute_url()}']").click()
    expect(other.locator(".certificate-course")).to_have_text(title)

    assert problems == {}
