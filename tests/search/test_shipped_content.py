"""Search and glossary links over the content the portal ships, loaded once for the module."""

import pytest

from articles.models import Article
from courses.models import Course, Lesson
from glossary.linker import link_terms
from glossary.models import Term
from search import api as search
from search.models import SearchEntry
from tests.html_tree import parse, text_of


@pytest.fixture
def loaded(shipped_content, db):
    """The loaded content inside this test's own savepoint."""


def test_every_public_page_is_in_the_index(loaded):
    public = {
        "article": Article.objects.published().count(),
        "term": Term.objects.count(),
        "lesson": Lesson.objects.filter(course__in=Course.objects.published()).count(),
    }
    for language in search.indexed_languages():  # every page in every language
        entries = SearchEntry.objects.published().filter(language=language)
        indexed = {kind: entries.filter(kind=kind).count() for kind in public}
        assert indexed == public
    assert all(public.values())


def test_searches_editors_expect_to_work(loaded):
    assert search.search("IHL")[0:1][0].title == "International humanitarian law"
    negotiation = [hit.title for hit in search.search("negotiate", kind="term")[0:5]]
    assert "Humanitarian negotiation" in negotiation
    assert search.search("shuttle diplomacy")[0:1][0].title == "Shuttle diplomacy"


def test_linking_every_shipped_body_keeps_valid_html_and_the_same_text(loaded):
    bodies = [
        *Article.objects.values_list("body_html", flat=True),
        *Lesson.objects.values_list("body_html", flat=True),
        *Term.objects.values_list("definition_html", flat=True),
    ]
    linked_somewhere = 0
    for html in bodies:
        linked = link_terms(html)
        assert text_of(linked) == text_of(html)
        links = parse(linked).links
        slugs = [link["href"] for link in links]
        assert len(slugs) == len(set(slugs)), "a term linked twice"
        assert not any({"h2", "h3", "h4", "code", "pre"} & set(link["inside"]) for link in links)
        linked_somewhere += bool(links)
    assert linked_somewhere > len(bodies) / 2
