"""A reader on a phone in French and in Arabic: from the English home page to the same page in
their language by the switcher, then a principle, a do/don't, the glossary and a term, a search
in their language and a page not yet translated. Every page is in the right language and
direction, fits the screen, passes axe and is saved as a screenshot."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from glossary.models import Term
from tests.e2e.languages import LANGUAGES, check_page, follow_switcher, gettext_in, switcher_link
from tests.e2e.pages import PHONE

SEARCHES = {"fr": "neutralite", "ar": "المفاوضات"}
UNTRANSLATED = "case-black-sea-initiative"


def heading(page):
    return page.get_by_role("heading", level=1)


def translated(obj, field, language):
    """``obj``'s ``field`` in ``language``, failing if it has no translation there."""
    text = getattr(obj, f"{field}_{language}")
    assert text and text != getattr(obj, f"{field}_en"), f"{obj} has no {field} in {language}"
    return text


def assert_glossary_links_in(page, language):
    links = page.locator("main a.term-link")
    assert links.count() > 0, "no glossary link in the translated text"
    for href in links.evaluate_all("(links) => links.map((link) => link.getAttribute('href'))"):
        assert href.startswith(f"/{language}/glossary/"), href


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reader_reads_in_their_language_on_a_phone(new_context, content, language):
    page = new_context(viewport=PHONE).new_page()
    problems = {}

    # The switcher on the English home page leads to the same page in the language.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    follow_switcher(page, language)
    expect(page).to_have_url(re.compile(rf"/{language}/$"))
    check_page(page, language, "home", problems)

    # A principle, in the language, its glossary terms linked in the language.
    principle = translated(Article.objects.get(slug="neutrality"), "title", language)
    page.goto(f"/{language}/articles/neutrality/")
    expect(heading(page)).to_have_text(principle)
    assert_glossary_links_in(page, language)
    for code in ("en", "fr", "ar"):
        prefix = "" if code == "en" else f"/{code}"
        expect(switcher_link(page, code)).to_have_attribute(
            "href", f"{prefix}/articles/neutrality/"
        )
    check_page(page, language, "principle", problems)

    # A do and a don't.
    advice = translated(Article.objects.get(slug="do-ground-in-realities"), "title", language)
    page.goto(f"/{language}/articles/do-ground-in-realities/")
    expect(heading(page)).to_contain_text(advice)  # numbered: "1. …"
    check_page(page, language, "do-dont", problems)

    # The glossary, then a term from it.
    term = translated(Term.objects.get(slug="neutrality"), "term", language)
    page.goto(f"/{language}/glossary/")
    expect(heading(page)).to_have_text(gettext_in(language, "Glossary"))
    check_page(page, language, "glossary", problems)
    page.locator(f"main a[href='/{language}/glossary/neutrality/']").first.click()
    expect(heading(page)).to_have_text(term)
    check_page(page, language, "term", problems)

    # A search typed in the language finds translated pages, linked in the language.
    page.goto(f"/{language}/search/")
    box = page.locator("main").get_by_role("searchbox")
    box.fill(SEARCHES[language])
    box.press("Enter")
    hits = page.locator(".search-results li a[href]")
    expect(hits.first).to_be_visible()
    hrefs = hits.evaluate_all("(links) => links.map((link) => link.getAttribute('href'))")
    assert all(href.startswith(f"/{language}/") for href in hrefs), hrefs
    titles = [title.strip() for title in hits.all_inner_texts()]
    if language == "fr":
        assert "/fr/articles/neutrality/" in hrefs, hrefs
        assert principle in titles, titles
    titles_in_language = {
        getattr(article, f"title_{language}") for article in Article.objects.all()
    } - {"", None}
    assert titles_in_language.intersection(titles), titles
    check_page(page, language, "search", problems)

    # A page not yet translated: its English text marked as English, with a note.
    page.goto(f"/{language}/articles/{UNTRANSLATED}/")
    shown = page.locator("main .untranslated[lang='en']")
    expect(shown.first).to_be_visible()
    expect(page.locator("main .untranslated-note").first).to_have_text(
        gettext_in(language, "Not yet translated")
    )
    expect(page.locator("main .untranslated-note").first).to_have_attribute("lang", language)
    check_page(page, language, "untranslated", problems)

    assert problems == {}
