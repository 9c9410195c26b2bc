"""The reader's path on a phone and a desktop: a compact header whose menu opens without
JavaScript, glossary definitions that open in place on a tap, the current section marked in the
navigation, "On this page" lists and heading anchors, FAQ answers that fold open, sources that
say what they lack, and a box to try another certificate code."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates.models import Certificate
from core.models import Source
from core.templatetags.portal import outline, plain_citation
from courses.models import Lesson
from tests.e2e.pages import PHONE, axe_violations, screenshot, structure_problems

WIDE = {"width": 1366, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "desktop"])
H1_WITHIN = 150  # pixels from the top of the page


def lesson_path():
    lesson = Lesson.objects.select_related("course").get(slug="what-humanitarian-diplomacy-is")
    return lesson.get_absolute_url()


def reader_pages():
    return {
        "home": "/",
        "article": "/articles/neutrality/",
        "faq": reverse("articles:faq"),
        "search": reverse("search") + "?q=negotiation",
        "lesson": lesson_path(),
    }


def assert_accessible(page, name):
    assert axe_violations(page) == [], name
    assert structure_problems(page) == [], name


@VIEWPORTS
def test_the_page_heading_starts_within_150_px_on_every_page_kind(viewport, new_context, content):
    page = new_context(viewport=viewport).new_page()
    too_low = {}
    for name, path in reader_pages().items():
        page.goto(path)
        top = page.locator("h1").bounding_box()["y"]
        if top > H1_WITHIN:
            too_low[name] = top
        screenshot(page, f"reader-{name}")
    assert too_low == {}


@VIEWPORTS
def test_the_search_page_has_one_search_box(viewport, new_context, content):
    page = new_context(viewport=viewport).new_page()
    page.goto(reverse("search") + "?q=negotiation")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    first_hit = page.locator(".search-results li").first.bounding_box()["y"]
    assert first_hit < viewport["height"]


def test_search_is_one_tap_from_the_header_on_a_phone(new_context, content):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/articles/neutrality/")
    page.locator(".site-header").get_by_role("link", name="Search").tap()
    expect(page).to_have_url(re.compile(r"/search/$"))
    expect(page.get_by_role("searchbox")).to_be_visible()


def test_the_menu_opens_without_javascript_on_a_phone(new_context, content):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80
    glossary = page.locator(".site-nav").get_by_role("link", name="Glossary")
    expect(glossary).to_be_hidden()
    page.locator(".menu summary").click()
    expect(glossary).to_be_visible()
    screenshot(page, "reader-menu-open")
    glossary.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")


def test_the_open_menu_is_accessible(new_context, content):
    """axe runs as a script: the same menu, opened the same way, in a page that allows one."""
    page = new_context(viewport=PHONE).new_page()
    page.goto("/")
    page.locator(".menu summary").click()
    expect(page.locator(".site-nav")).to_be_visible()
    assert_accessible(page, "menu open")


def test_the_full_navigation_shows_on_a_desktop_without_a_menu_button(new_context, content):
    page = new_context(viewport=WIDE, java_script_enabled=False).new_page()
    page.goto("/")
    expect(page.locator(".menu summary")).to_be_hidden()
    expect(page.locator(".site-nav").get_by_role("link", name="Glossary")).to_be_visible()
    expect(page.locator(".site-header").get_by_role("searchbox")).to_be_visible()
    expect(page.locator(".site-header").get_by_role("link", name="Log in")).to_be_visible()


def test_a_tap_on_a_glossary_term_opens_its_definition_in_place(new_context, content):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/articles/neutrality/")
    term = page.locator("a.term-link").first
    term.scroll_into_view_if_needed()
    href, name = term.get_attribute("href"), term.inner_text()
    assert term.get_attribute("title") is None
    term.tap()
    expect(page).to_have_url(re.compile(r"/articles/neutrality/$"))
    expect(term).to_have_attribute("aria-expanded", "true")
    popover = page.locator("#" + term.get_attribute("aria-controls"))
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(term.get_attribute("data-definition"))
    screenshot(page, "reader-definition-open")
    assert_accessible(page, "definition open")
    popover.get_by_role("link", name=f"More about {name}").tap()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_a_second_tap_on_the_term_follows_its_link(new_context, content):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/articles/neutrality/")
    term = page.locator("a.term-link").first
    href = term.get_attribute("href")
    term.tap()
    term.tap()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_a_mouse_click_on_a_term_follows_its_link(page, content):
    page.goto("/articles/neutrality/")
    term = page.locator("a.term-link").first
    href = term.get_attribute("href")
    term.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


@pytest.mark.parametrize(
    ("path", "link", "current"),
    [
        ("/articles/?kind=principle", "Principles", "page"),
        ("/articles/neutrality/", "Principles", "true"),
        ("/glossary/", "Glossary", "page"),
        ("/articles/faq/", "FAQ", "page"),
        ("/cards/", "Pocket cards", "page"),
        ("/scenarios/", "Scenarios", "page"),
    ],
)
def test_the_navigation_marks_the_current_section(new_context, content, path, link, current):
    page = new_context(viewport=WIDE).new_page()
    page.goto(path)
    nav = page.locator(".site-nav")
    expect(nav.get_by_role("link", name=link, exact=True)).to_have_attribute(
        "aria-current", current
    )
    expect(nav.locator("[aria-current]")).to_have_count(1)


@pytest.mark.parametrize("kind", ["article", "lesson"])
def test_long_pages_list_their_sections_and_anchor_their_headings(new_context, content, kind):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/articles/neutrality/" if kind == "article" else lesson_path())
    toc = page.get_by_role("navigation", name="On this page")
    entries = toc.get_by_role("link")
    assert entries.count() >= 2
    target = entries.nth(1)
    fragment = target.get_attribute("href")
    heading = page.locator(f"h2{fragment}")
    expect(heading).to_have_count(1)
    assert heading.inner_text().startswith(target.inner_text())
    target.click()
    expect(page).to_have_url(re.compile(re.escape(fragment) + "$"))
    anchor = heading.locator("a.heading-anchor")
    expect(anchor).to_have_attribute("href", fragment)
    anchor.focus()
    expect(anchor).to_be_visible()
    assert_accessible(page, f"{kind} with on this page")


def test_faq_answers_fold_open(new_context, content):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(reverse("articles:faq"))
    entries = page.locator(".faq-entry details")
    assert entries.count() >= 3
    first = entries.first
    expect(first).not_to_have_attribute("open", "")
    answer = first.locator(".prose")
    expect(answer).to_be_hidden()
    first.locator("summary").click()
    expect(answer).to_be_visible()
    assert page.get_by_role("navigation", name="On this page").get_by_role("link").count() >= 3
    screenshot(page, "reader-faq-open")


def test_an_open_faq_answer_is_accessible(new_context, content):
    page = new_context(viewport=PHONE).new_page()
    page.goto(reverse("articles:faq"))
    page.locator(".faq-entry summary").first.click()
    expect(page.locator(".faq-entry .prose").first).to_be_visible()
    assert_accessible(page, "faq answer open")


def test_an_unknown_certificate_code_offers_a_box_for_another(page, graduate):
    code = Certificate.objects.get(user=graduate).code
    response = page.goto(reverse("certificates:certificate_verify", args=["NOT-A-CODE"]))
    assert response.status == 404
    box = page.get_by_label("Certificate code")
    box.fill(code.lower())
    page.get_by_role("button", name="Check this code").click()
    expect(page).to_have_url(re.compile(re.escape(f"/certificates/{code}/") + "$"))
    expect(page.get_by_text("This certificate is genuine.")).to_be_visible()
    assert_accessible(page, "certificate found after a second try")


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "desktop"])
def test_dark_mode_keeps_contrast(viewport, new_context, content):
    page = new_context(viewport=viewport, color_scheme="dark", has_touch=True).new_page()
    for name, path in reader_pages().items():
        page.goto(path)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != (
            "rgb(255, 255, 255)"
        )
        assert_accessible(page, f"dark {name}")
        screenshot(page, f"reader-dark-{name}")
    page.goto("/articles/neutrality/")
    if viewport == PHONE:
        page.locator(".menu summary").click()
        assert_accessible(page, "dark menu open")
        page.locator(".menu summary").click()
    page.locator("a.term-link").first.tap()
    expect(page.locator(".term-popover")).to_be_visible()
    assert_accessible(page, "dark definition open")
    screenshot(page, "reader-dark-definition")


def test_sources_link_their_documents_and_say_what_they_lack(page, content):
    page.goto(reverse("sources"))
    with_address = Source.objects.exclude(url="").first()
    if with_address is not None:
        expect(page.locator(f'a[href="{with_address.url}"]')).to_have_count(1)
    text = page.locator("main").inner_text()
    assert "(n.d.)" not in text
    assert_accessible(page, "sources")


# What the pages are made from, without a browser.


def test_plain_citation_says_what_is_missing(db):
    def source(**fields):
        return Source(title="Access", **fields)

    assert plain_citation(source(author="ICRC", year=2005)) == "ICRC (2005) “Access”"
    assert plain_citation(source(author="ICRC")) == "ICRC, “Access” (date not given)"
    assert plain_citation(source(year=2005)) == "“Access” (2005; publisher not given)"
    assert plain_citation(source()) == "“Access” (publisher and date not given)"


def test_outline_keeps_ids_it_finds_and_gives_unique_ones_to_the_rest():
    html = (
        '<h2 id="section-why">Why</h2><p>a &amp; b</p><h2>Why</h2><h2>How &lt;it&gt; works</h2>'
        "<h3>Not listed</h3>"
    )
    result = outline(html)
    assert [(h.id, h.text) for h in result.headings] == [
        ("section-why", "Why"),
        ("section-why-2", "Why"),
        ("section-how-it-works", "How <it> works"),
    ]
    assert '<h2 id="section-why-2">Why<a class="heading-anchor" href="#section-why-2"' in str(
        result
    )
    assert "<p>a &amp; b</p>" in str(result)
    assert "How &lt;it&gt; works" in str(result)


@pytest.mark.parametrize("code", ["a/b", "x" * 65, "   "])
def test_another_code_that_cannot_be_a_code_is_answered_not_found(client, db, code):
    response = client.get(reverse("certificates:certificate_verify", args=["NOPE"]), {"code": code})
    assert response.status_code == 404
    assert b"Certificate code" in response.content
