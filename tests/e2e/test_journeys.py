"""Whole journeys through the portal in a real browser, each ending on what the page shows."""

import re

from playwright.sync_api import expect

from articles.models import Article
from certificates.models import Certificate
from glossary.models import Term
from tests.e2e.pages import answer_quiz, log_in, progress_value, sign_up


def test_trainee_learns_fails_retakes_passes_and_a_visitor_verifies_the_certificate(
    page, new_context, short_course
):
    quiz = short_course.quizzes.get()
    sign_up(page, "field-officer", "Field Officer 7")

    page.get_by_role("link", name="Courses").first.click()
    page.get_by_role("link", name=short_course.title).click()
    page.get_by_role("button", name="Enroll in this course").click()
    expect(page.locator(".messages")).to_contain_text("You are enrolled")
    assert progress_value(page) == 0
    expect(page.locator("progress")).to_have_attribute("max", "3")

    page.get_by_role("link", name="Continue where you left off: Why access is negotiated").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why access is negotiated")
    page.get_by_role("button", name="Mark this lesson complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red lines and leverage")
    assert progress_value(page) == 1
    page.get_by_role("button", name="Mark this lesson complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(short_course.title)
    assert progress_value(page) == 2
    expect(page.locator(".progress-box")).to_contain_text("2 of 2 lessons done")

    page.get_by_role("link", name="Continue where you left off: Final check").click()
    answer_quiz(page, quiz, right=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: Final check")
    expect(page.locator(".score")).to_contain_text("0% (0 of 2 right)")
    expect(page.locator(".score")).to_contain_text("Not passed: the pass mark is 100%.")
    expect(page.locator(".result.wrong")).to_have_count(2)
    expect(page.locator(".explanation").first).to_contain_text(
        "International humanitarian law binds every party"
    )
    expect(page.locator(".missed-right .choice-mark").first).to_be_visible()

    page.get_by_role("link", name="Try again").click()
    answer_quiz(page, quiz, right=True)
    expect(page.locator(".score")).to_contain_text("100% (2 of 2 right)")
    expect(page.locator(".score")).to_contain_text("Passed.")

    page.get_by_role("link", name="Back to the course").click()
    assert progress_value(page) == 3
    expect(page.locator(".completion-panel")).to_contain_text("You have completed")
    page.get_by_role("link", name="View and print your certificate").click()
    certificate = page.locator(".certificate")
    expect(certificate.locator(".certificate-name")).to_have_text("Field Officer 7")
    expect(certificate.locator(".certificate-course")).to_have_text(short_course.title)
    code = certificate.locator(".certificate-code strong").inner_text()
    assert code == Certificate.objects.get(user__username="field-officer").code

    visitor = new_context().new_page()
    response = visitor.goto(f"/certificates/{code}/")
    assert response.status == 200
    verified = visitor.locator(".verified")
    expect(verified).to_contain_text("This certificate is genuine.")
    expect(verified).to_contain_text("Field Officer 7")
    expect(verified).to_contain_text(short_course.title)
    expect(visitor.locator("body")).not_to_contain_text("field-officer")


def tooltip(link):
    """What the stylesheet's tooltip on a glossary link shows ("none" when hidden)."""
    return link.evaluate("link => getComputedStyle(link, '::after').content")


def test_staff_member_browses_searches_and_follows_a_glossary_term(page, content, make_user):
    make_user("editor", is_staff=True)
    log_in(page, "editor")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Principles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Principles")
    expect(page.locator(".item-list")).to_contain_text("Neutrality")
    expect(page.locator(".item-list")).not_to_contain_text("Black Sea")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dos and don'ts").click()
    expect(page).to_have_url(re.compile(r"/articles/dos-and-donts/$"))
    expect(page.locator("#dos-heading + ol > li")).to_have_count(5)
    expect(page.locator("#donts-heading + ol > li")).to_have_count(5)

    search = page.get_by_role("search", name="Site").get_by_role("searchbox")
    search.fill("Black Sea")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Black\+Sea$"))
    results = page.locator(".search-results")
    expect(results).to_contain_text("The Black Sea Initiative")
    results.get_by_role("link", name="The Black Sea Initiative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Black Sea Initiative")

    term_link = page.locator("article .term-link").first
    href = term_link.get_attribute("href")
    term = Term.objects.get(slug=href.strip("/").rsplit("/", 1)[-1])
    expect(term_link).to_have_attribute("data-definition", term.short_definition)
    shown = f'"{term.short_definition}"'  # the CSS tooltip's content
    term_link.hover()
    assert tooltip(term_link) == shown
    page.mouse.move(0, 0)
    assert tooltip(term_link) == "none"
    term_link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(term_link).to_be_focused()
    assert tooltip(term_link) == shown

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(term.term)
    expect(page.locator(".lead")).to_have_text(term.short_definition)


def test_admin_edits_an_article_then_unpublishes_it(page, new_context, content, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-e2e-password")
    article = Article.objects.get(slug="neutrality")
    page.goto("/admin/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-e2e-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()

    page.get_by_role("rowheader", name="Articles").get_by_role("link").click()
    page.locator("#searchbar").fill("Neutrality")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name="Neutrality", exact=True).click()
    body = page.locator("#id_body")  # the English text; its translations follow
    body.fill(body.input_value() + "\n\nA **field note** added in the browser.")
    page.get_by_label("Tags").fill("field-tested, principles")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    visitor = new_context().new_page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.locator("article")).to_contain_text("A field note added in the browser.")
    expect(visitor.locator("article strong", has_text="field note")).to_be_visible()
    expect(visitor.locator(".tags")).to_contain_text("field-tested")

    page.get_by_role("link", name="Neutrality").first.click()
    page.get_by_label("Status").select_option("draft")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    stranger = new_context().new_page()
    response = stranger.goto(article.get_absolute_url())
    assert response.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(stranger.locator("main")).not_to_contain_text("Neutrality")
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_core_journey_works_without_javascript(new_context, short_course):
    page = new_context(java_script_enabled=False).new_page()
    assert page.evaluate("1 + 1") == 2  # evaluation is Playwright's own; the page runs none
    quiz = short_course.quizzes.get()
    sign_up(page, "no-script", "No Script")

    page.goto(short_course.get_absolute_url())
    page.get_by_role("button", name="Enroll in this course").click()
    expect(page.locator(".messages")).to_contain_text("You are enrolled")
    page.get_by_role("link", name=re.compile("Continue where you left off")).click()
    page.get_by_role("button", name="Mark this lesson complete").click()
    expect(page.locator(".messages")).to_contain_text("Lesson marked as done.")
    assert progress_value(page) == 1

    page.goto(quiz.get_absolute_url())
    answer_quiz(page, quiz, right=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: Final check")
    expect(page.locator(".score")).to_contain_text("100% (2 of 2 right)")
    expect(page.locator(".score")).to_contain_text("Passed.")
