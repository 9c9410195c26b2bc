"""Search in English, French and Arabic: an entry per language, each language's words reduced its
own way on both sides, and the glossary, snippets, suggestions and cache per language."""

import dataclasses

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.search_indexes import ArticleIndexer
from search import api as search
from search import indexing
from search.languages import reduce_word
from search.models import SearchEntry, SearchKind


def found(text, language, **kwargs):
    with translation.override(language):
        return [hit.title for hit in search.search(text, **kwargs)[0:20]]


class TranslatedArticles(ArticleIndexer):
    """Articles as django-modeltranslation gives them: their title in each language."""

    TITLES = {"en": "Peace talks", "fr": "Pourparlers de paix", "ar": "محادثات السلام"}

    def document(self, article):
        title = self.TITLES[translation.get_language()]
        return dataclasses.replace(super().document(article), title=title)


@pytest.fixture
def translated(make_article):
    """An article with a title per language, indexed by a rebuild."""
    make_article(title="Peace talks", slug="peace-talks", body="Ceasefire.")
    english = indexing._registry[SearchKind.ARTICLE]
    indexing._registry[SearchKind.ARTICLE] = TranslatedArticles()
    search.rebuild()
    yield
    indexing._registry[SearchKind.ARTICLE] = english


def test_every_page_has_an_entry_in_every_language(article, term):
    languages = SearchEntry.objects.values_list("kind", "language")
    assert sorted(languages) == sorted(
        (kind, code) for kind in ("article", "term") for code, _ in settings.LANGUAGES
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_page_not_yet_translated_is_found_in_every_language_in_english(article, language):
    """Its English text is indexed under every language, so nothing is missing."""
    assert found("neutrality", language) == ["Neutrality"]


def test_a_query_reads_the_active_language_s_entries_only(translated):
    assert found("talks", "en") == ["Peace talks"]
    assert found("pourparlers", "en") == []
    assert found("pourparlers", "fr") == ["Pourparlers de paix"]
    assert found("talks", "fr") == []
    assert found("السلام", "ar") == ["محادثات السلام"]
    assert found("pourparlers", "ar") == []


def test_results_are_cached_per_language(translated):
    """Anonymous results are shared under a key that names the language."""
    assert found("talks", "en") == ["Peace talks"]
    with translation.override("fr"):
        results = search.search("talks")
        assert results.count() == 0
        assert results[0:10] == []


def test_the_rebuild_command_indexes_every_language(article, term, capsys):
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index")
    output = capsys.readouterr().out
    assert "Search index rebuilt: 2 entries." in output
    assert "every entry in each language of the portal: en, fr, ar" in output
    assert SearchEntry.objects.count() == 6
    for language in ("en", "fr", "ar"):
        assert found("IHL", language) == ["International humanitarian law"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 tables are SQLite's")
def test_sqlite_keeps_english_in_the_porter_table_and_the_rest_in_the_folded_one(article):
    def rowids(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {table} ORDER BY rowid")  # noqa: S608
            return [row[0] for row in cursor.fetchall()]

    entries = SearchEntry.objects.order_by("pk")
    english = list(entries.filter(language="en").values_list("pk", flat=True))
    others = list(entries.exclude(language="en").values_list("pk", flat=True))
    assert rowids("diplomacy_portal_search_fts") == english
    assert rowids("diplomacy_portal_search_fts_folded") == others
    assert len(others) == 2


# French ------------------------------------------------------------------------------------


@pytest.fixture
def french(make_article):
    return make_article(
        title="La neutralité",
        slug="neutralite",
        summary="Les négociations humanitaires.",
        body="Sans l'impartialité, pas d'accès. Des accords internationaux.",
    )


@pytest.mark.parametrize("typed", ["neutralite", "NEUTRALITÉ", "Neutralité", "neutralités"])
def test_french_folds_case_and_accents(french, typed):
    assert found(typed, "fr") == ["La neutralité"]


@pytest.mark.parametrize(
    "typed", ["négociation", "negociations", "impartialité", "l'impartialite", "international"]
)
def test_french_finds_inflected_and_elided_forms(french, typed):
    assert found(typed, "fr") == ["La neutralité"]


def test_french_words_reduce_alike():
    assert reduce_word("négociations", "fr") == reduce_word("Négociation", "fr")
    assert reduce_word("internationaux", "fr") == reduce_word("international", "fr")
    assert reduce_word("conventionnelles", "fr") == reduce_word("conventionnel", "fr")
    assert reduce_word("l’impartialité", "fr") == reduce_word("impartialite", "fr")
    assert reduce_word("dangereuses", "fr") == reduce_word("dangereux", "fr")


def test_french_snippets_highlight_the_words_as_written(french):
    with translation.override("fr"):
        (hit,) = search.search("negociation")[0:1]
    assert str(hit.snippet) == "Les <mark>négociations</mark> humanitaires."


def test_snippets_cut_in_python_escape_the_text(make_article):
    make_article(
        title="Échappement",
        slug="echappement",
        summary="",
        body="Coûts : 5 < 6 & `<script>alert(1)</script>`, puis la médiation.",
    )
    with translation.override("fr"):
        (hit,) = search.search("mediation")[0:1]
    snippet = str(hit.snippet)
    assert "<mark>médiation</mark>" in snippet
    assert "5 &lt; 6 &amp;" in snippet
    assert "<script" not in snippet


def test_french_suggestions_respell_with_the_words_as_written(make_term, french):
    make_term(term="Neutralité", slug="neutralite-terme", short_definition="Ne pas choisir.")
    with translation.override("fr"):
        results = search.search("neutralitz")
        assert results.count() == 0
        offers = search.suggest(results.query, names=results.term_names)
    assert offers.respelling == "neutralité"
    assert [name.term for name in offers.terms] == ["Neutralité"]


def test_a_word_known_once_reduced_is_not_respelt(french):
    with translation.override("fr"):
        offers = search.suggest(search.parse_with_synonyms("negociations zzzz"))
    assert offers.respelling == ""


# Arabic ------------------------------------------------------------------------------------


@pytest.fixture
def arabic(make_article):
    return make_article(
        title="المفاوضات الإنسانية",
        slug="mufawadat",
        summary="",
        body="تحدث الوفد عن الأمن ومستشفى المدينة والمُفاوَضات مع الأطراف.",
    )


@pytest.mark.parametrize(
    "typed",
    ["المفاوضات", "مفاوضات", "والمفاوضات", "بالمفاوضات", "للمفاوضات", "المُفَاوَضَات", "مفاوضة"],
)
def test_arabic_finds_a_word_whatever_is_attached_to_it(arabic, typed):
    assert found(typed, "ar") == ["المفاوضات الإنسانية"]


@pytest.mark.parametrize(
    "typed", ["امن", "الأمن", "مستشفي", "المدينه", "الانسانية", "الـمـفـاوضات"]
)
def test_arabic_folds_hamza_alif_maqsura_ta_marbuta_and_tatweel(arabic, typed):
    assert found(typed, "ar") == ["المفاوضات الإنسانية"]


def test_english_entries_do_not_strip_arabic_prefixes(arabic):
    """Each language reads its own entries its own way."""
    assert found("المفاوضات", "en") == ["المفاوضات الإنسانية"]
    assert found("والمفاوضات", "en") == []


def test_arabic_words_reduce_alike():
    stems = {reduce_word(word, "ar") for word in ("المفاوضات", "مفاوضات", "والمفاوضات")}
    assert len(stems) == 1


def test_arabic_snippets_highlight_the_whole_written_word(arabic):
    with translation.override("ar"):
        (hit,) = search.search("مفاوضات")[0:1]
    assert "<mark>والمُفاوَضات</mark>" in str(hit.snippet)


def test_a_term_s_arabic_alias_finds_the_term(make_term, make_article):
    make_term(
        term="International humanitarian law",
        slug="international-humanitarian-law",
        aliases="IHL, القانون الدولي الإنساني",
        short_definition="The law of armed conflict.",
    )
    make_article(title="Rules", slug="rules", body="IHL binds every party.")
    with translation.override("ar"):
        results = search.search("والقانون الدولي الإنساني")
        titles = [hit.title for hit in results[0:10]]
    assert titles[0] == "International humanitarian law"
    assert "Rules" in titles  # the alias expands to the term's other names
    assert "ihl" in results.query.expanded


def test_arabic_suggestions_offer_close_terms(make_term):
    make_term(term="الحياد", slug="hiyad", short_definition="عدم الانحياز.")
    with translation.override("ar"):
        offers = search.suggest(search.parse_with_synonyms("الحيات"))
    assert [name.url for name in offers.terms] == ["/ar/glossary/hiyad/"]


def test_entries_mentioning_reads_the_active_language(make_article, make_term):
    make_article(title="Mentions", slug="mentions", body="وبالحياد تعمل المنظمة.")
    names = ["الحياد"]
    kinds = [SearchKind.ARTICLE]
    with translation.override("ar"):
        assert [entry.title for entry in search.entries_mentioning(names, kinds=kinds)] == [
            "Mentions"
        ]
    assert search.entries_mentioning(names, kinds=kinds) == []


# Costs -------------------------------------------------------------------------------------


def test_a_search_costs_the_same_queries_in_every_language(french, arabic):
    counts = {}
    for language, text in (("en", "neutralité"), ("fr", "neutralite"), ("ar", "مفاوضات")):
        with translation.override(language), CaptureQueriesContext(connection) as queries:
            results = search.search(text)
            assert results.count() == 1
            assert len(results[0:10]) == 1
        counts[language] = len(queries)
    assert counts["fr"] <= counts["en"]
    assert counts["ar"] <= counts["en"]


def test_the_search_page_in_french_costs_what_it_does_in_english(
    client, french, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):  # as tests/search/test_search_page.py pins
        response = client.get("/fr/search/", {"q": "negociations"})
    html = response.content.decode()
    assert "La neutralité" in html
    assert "<mark>négociations</mark>" in html
