"""Glossary terms linked in French and Arabic pages, each language reading words its own way."""

import pytest
from django.utils import translation

from core.cache_keys import content_version
from glossary.linker import get_matcher, link_terms
from glossary.views import TermDetailView
from tests.html_tree import parse, text_of


def links(html):
    return [(link["href"], link["text"]) for link in parse(html).links]


def linked(html, language):
    with translation.override(language):
        return link_terms(html)


# French ------------------------------------------------------------------------------------


@pytest.fixture
def french_terms(make_term):
    return [
        make_term(term="Impartialité", slug="impartialite", short_definition="Selon le besoin."),
        make_term(term="État de droit", slug="etat-de-droit", short_definition="La loi régit."),
    ]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("l'impartialité", "impartialité"),
        ("l’impartialité", "impartialité"),
        ("d'impartialité", "impartialité"),
        ("IMPARTIALITÉ", "IMPARTIALITÉ"),
        ("Impartialite", "Impartialite"),
    ],
)
def test_french_links_whatever_the_case_accents_or_elided_article(french_terms, text, word):
    html = linked(f"<p>Sans {text}, rien.</p>", "fr")
    assert links(html) == [("/fr/glossary/impartialite/", word)]


def test_french_multi_word_names_link_after_an_elision(french_terms):
    html = linked("<p>Dans l'Etat de droit.</p>", "fr")
    assert links(html) == [("/fr/glossary/etat-de-droit/", "Etat de droit")]


@pytest.mark.parametrize("text", ["impartialités", "partialité", "xImpartialité"])
def test_french_never_links_inside_another_word(french_terms, text):
    assert links(linked(f"<p>{text}</p>", "fr")) == []


# Arabic ------------------------------------------------------------------------------------


@pytest.fixture
def arabic_terms(make_term):
    return [
        make_term(term="الحياد", slug="hiyad", short_definition="عدم الانحياز."),
        make_term(
            term="المفاوضات الإنسانية",
            slug="mufawadat",
            aliases="التفاوض",
            short_definition="التفاوض من أجل الوصول.",
        ),
    ]


@pytest.mark.parametrize(
    "word",
    ["الحياد", "حياد", "والحياد", "بالحياد", "للحياد", "فالحياد", "وبالحياد", "كالحياد", "بحياد"],
)
def test_arabic_links_a_word_with_what_is_attached_to_it(arabic_terms, word):
    html = linked(f"<p>تعمل المنظمة {word} دائما.</p>", "ar")
    assert links(html) == [("/ar/glossary/hiyad/", word)]


@pytest.mark.parametrize("word", ["الحِيَاد", "الحيـاد", "والـحـيـاد"])
def test_arabic_links_through_diacritics_and_tatweel(arabic_terms, word):
    assert links(linked(f"<p>{word}</p>", "ar")) == [("/ar/glossary/hiyad/", word)]


def test_arabic_links_other_written_forms_of_a_letter(arabic_terms):
    html = linked("<p>في المفاوضات الانسانيه اليوم.</p>", "ar")
    assert links(html) == [("/ar/glossary/mufawadat/", "المفاوضات الانسانيه")]


def test_arabic_multi_word_names_take_their_prefix_in_the_link(arabic_terms):
    html = linked("<p>ثم والمفاوضات الإنسانية.</p>", "ar")
    assert links(html) == [("/ar/glossary/mufawadat/", "والمفاوضات الإنسانية")]


@pytest.mark.parametrize("text", ["الحيادية", "حيادي", "استحياد", "الحيادِيّة"])
def test_arabic_never_links_inside_another_word(arabic_terms, text):
    assert links(linked(f"<p>{text}</p>", "ar")) == []


def test_arabic_aliases_link_their_term(arabic_terms):
    html = linked("<p>وبالتفاوض نصل.</p>", "ar")
    assert links(html) == [("/ar/glossary/mufawadat/", "وبالتفاوض")]


def test_arabic_linking_keeps_the_text_and_links_each_term_once(arabic_terms):
    source = "<h2>الحياد</h2><p>الحياد أولا، ثم <em>بالحياد</em> والمفاوضات الإنسانية.</p>"
    html = linked(source, "ar")
    assert text_of(html) == text_of(source)
    assert links(html) == [
        ("/ar/glossary/hiyad/", "الحياد"),
        ("/ar/glossary/mufawadat/", "والمفاوضات الإنسانية"),
    ]


# Per language ------------------------------------------------------------------------------


def test_each_language_reads_words_its_own_way_and_caches_its_own_result(arabic_terms):
    source = "<p>بالحياد</p>"
    assert links(linked(source, "en")) == []  # English knows no attached prefixes
    assert links(linked(source, "ar")) == [("/ar/glossary/hiyad/", "بالحياد")]
    assert links(linked(source, "en")) == []


def test_the_matcher_is_built_once_per_language_and_content_version(arabic_terms):
    version = content_version()
    arabic = get_matcher(version, "ar")
    assert get_matcher(version, "ar") is arabic
    assert get_matcher(version, "fr") is not arabic
    assert get_matcher(version, "fr").language == "fr"
    assert arabic.language == "ar"
    arabic_terms[0].aliases = "عدم الانحياز"
    arabic_terms[0].save()
    assert get_matcher(content_version(), "ar") is not arabic


def test_linking_in_arabic_costs_what_it_does_in_english(
    arabic_terms, django_assert_num_queries, django_assert_max_num_queries
):
    with translation.override("ar"):
        with django_assert_max_num_queries(2):
            link_terms("<p>بالحياد</p>")
        with django_assert_num_queries(1):  # the version check; matcher and result are cached
            link_terms("<p>بالحياد</p>")
        with django_assert_num_queries(1):  # new text, same matcher
            link_terms("<p>والحياد</p>")


def test_a_term_page_lists_arabic_pages_that_name_it_with_a_prefix(arabic_terms, make_article):
    make_article(title="Uses it", slug="uses-it", body="تعمل المنظمة بالحياد.")
    make_article(title="Inside a word", slug="inside", body="الحيادية شيء آخر.")
    with translation.override("ar"):
        found = TermDetailView.appearances(arabic_terms[0])
    assert [entry.title for entry in found] == ["Uses it"]
