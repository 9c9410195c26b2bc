"""The search interface on whichever engine the test database runs (FTS5 or PostgreSQL)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.models import Status
from search import api as search
from search.models import SearchEntry, SearchKind


def titles(results, count=20):
    return [hit.title for hit in results[0:count]]


def test_title_matches_rank_above_body_matches(make_article):
    make_article(
        title="Field notes",
        slug="field-notes",
        body="Negotiation " * 5 + "went on for weeks; negotiations, negotiators, negotiating.",
    )
    make_article(title="Negotiation basics", slug="negotiation-basics", body="How talks work.")
    assert titles(search.search("negotiation")) == ["Negotiation basics", "Field notes"]


def test_a_term_named_by_the_query_ranks_above_articles_that_mention_it(make_article, ihl):
    make_article(title="Access rules", slug="access-rules", body="IHL here, IHL there, IHL.")
    results = search.search("IHL")
    assert titles(results)[0] == "International humanitarian law"
    assert "Access rules" in titles(results)


@pytest.mark.parametrize("typed", ["negotiate", "negotiating", "negotiated", "Negotiations"])
def test_word_forms_match(make_article, typed):
    make_article(title="Talks", slug="talks", body="Long negotiations with armed groups.")
    assert titles(search.search(typed)) == ["Talks"]


def test_an_abbreviation_finds_text_that_spells_the_term_out(make_article, ihl):
    make_article(title="Spelled out", slug="spelled-out", body="International humanitarian law.")
    assert set(titles(search.search("ihl"))) == {"Spelled out", "International humanitarian law"}


def test_a_term_name_finds_text_that_uses_the_abbreviation(make_article, ihl):
    make_article(title="Abbreviated", slug="abbreviated", body="Respect for IHL matters.")
    results = search.search("international humanitarian law")
    assert "Abbreviated" in titles(results)
    assert set(results.query.expanded) >= {"ihl", "law of armed conflict"}


def test_all_words_must_match(make_article):
    make_article(title="Both", slug="both", body="Mediation and ceasefire.")
    make_article(title="One", slug="one", body="Mediation only.")
    assert titles(search.search("mediation ceasefire")) == ["Both"]


def test_results_show_kind_and_course_of_lessons(article, course, ihl):
    lesson = course.lessons.get(position=1)
    lesson.body = "Neutrality in practice."
    lesson.save()
    hits = search.search("neutrality")[0:10]
    kinds = {hit.title: (hit.kind, hit.kind_label, hit.context) for hit in hits}
    assert kinds["Neutrality"] == ("article", "Article", "")
    assert kinds["Lesson 1"] == ("lesson", "Lesson", "Foundations")


def test_kind_filter_narrows_results_and_facets_count_every_kind(make_article, make_term):
    make_article(title="Mediation article", slug="mediation-article", body="Mediation.")
    make_term(term="Mediation", slug="mediation", short_definition="Helping parties agree.")
    results = search.search("mediation", kind=SearchKind.TERM)
    assert titles(results) == ["Mediation"]
    assert results.count() == 1
    assert results.facets == {"article": 1, "term": 1}
    assert results.total == 2


def test_snippet_highlights_matched_words_and_escapes_the_text(make_article):
    make_article(
        title="Escaping",
        slug="escaping",
        summary="Plain summary.",
        body="Costs: 5 < 6 & `<script>alert(1)</script>`, then mediation followed.",
    )
    (hit,) = search.search("mediation")[0:1]
    snippet = str(hit.snippet)
    assert "<mark>mediation</mark>" in snippet
    assert "5 &lt; 6 &amp;" in snippet
    assert "<script" not in snippet


def test_snippet_prefers_a_matching_summary(make_article):
    make_article(
        title="Summary match",
        slug="summary-match",
        summary="All about mediation.",
        body="Mediation again, deep in the body.",
    )
    (hit,) = search.search("mediation")[0:1]
    assert str(hit.snippet) == "All about <mark>mediation</mark>."


def test_drafts_scheduled_articles_and_lessons_of_draft_courses_are_not_found(
    make_article, draft_course, make_lesson
):
    make_article(title="Draft", slug="draft", status=Status.DRAFT, body="Zanzibarian draft.")
    make_article(
        title="Scheduled",
        slug="scheduled",
        published_at=timezone.now() + timedelta(days=3),
        body="Zanzibarian schedule.",
    )
    make_lesson(draft_course, body="Zanzibarian lesson.")
    assert search.search("zanzibarian").count() == 0
    # indexed in every language, but not public
    assert SearchEntry.objects.count() == 3 * len(search.indexed_languages())


def test_staff_also_find_drafts(make_article, staff_user):
    make_article(title="Draft", slug="draft", status=Status.DRAFT, body="Zanzibarian draft.")
    (hit,) = search.search("zanzibarian", user=staff_user)[0:1]
    assert hit.title == "Draft"
    assert not hit.is_published


def test_a_misspelling_gets_a_respelling_and_close_terms(make_term, make_article):
    make_term(term="Neutrality", slug="neutrality", short_definition="Taking no side.")
    make_article(title="Principles", slug="principles", body="Neutrality matters.")
    results = search.search("neutralty")
    assert results.count() == 0
    offers = search.suggest(results.query, names=results.term_names)
    assert offers.respelling == "neutrality"
    assert [name.term for name in offers.terms] == ["Neutrality"]


def test_an_unknown_abbreviation_suggests_the_term_it_resembles(ihl):
    offers = search.suggest(search.parse_with_synonyms("IHLL"))
    assert [(name.name, name.url) for name in offers.terms] == [
        ("IHL", "/glossary/international-humanitarian-law/")
    ]


def test_suggestions_never_offer_words_from_drafts(make_article):
    make_article(title="Draft", slug="draft", status=Status.DRAFT, body="Zanzibarian secret.")
    make_article(title="Public", slug="public", body="Nothing to see.")
    offers = search.suggest(search.parse_with_synonyms("zanzibarien"))
    assert offers.respelling == ""
    assert not offers


def test_entries_mentioning_lists_published_articles_and_lessons(make_article, course, ihl):
    make_article(title="Mentions", slug="mentions", body="IHL applies.")
    make_article(title="Silent", slug="silent", body="Nothing relevant.")
    make_article(title="Hidden", slug="hidden", status=Status.DRAFT, body="IHL in a draft.")
    lesson = course.lessons.get(position=2)
    lesson.body = "The law of armed conflict."
    lesson.save()
    found = search.entries_mentioning(ihl.names, kinds=[SearchKind.ARTICLE, SearchKind.LESSON])
    assert {entry.title for entry in found} == {"Mentions", "Lesson 2"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_keeps_an_fts5_row_for_every_entry(article, term):
    """English entries in the Porter table; those of languages reduced in Python (see
    tests/search/test_languages.py) in the folded one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM diplomacy_portal_search_fts ORDER BY rowid")
        rowids = [row[0] for row in cursor.fetchall()]
    english = SearchEntry.objects.filter(language="en")
    assert rowids == sorted(english.values_list("pk", flat=True))
    assert len(rowids) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tsvector and GIN are PostgreSQL's")
def test_postgres_keeps_a_vector_for_every_entry_under_a_gin_index(article, term):
    assert not SearchEntry.objects.filter(search_vector=None).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'diplomacy_portal_searchentry'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin (search_vector)" in definition for definition in definitions)
