"""Lists and teasers mark what is not yet translated, on the shipped content.

In French and Arabic a title shown in English sits in ``lang="en"`` with a short "in English"
after it, so screen readers switch voice; a translated title has nothing added.
"""

import re
from http import HTTPStatus

import pytest
from django.db.models import Q
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from articles.models import Article
from cards import cards
from core.models import Source
from core.templatetags.portal import plain_citation
from courses.models import Course
from offline.pack_building import build_pack
from search import api as search

MARK = {"fr": "en anglais", "ar": "بالإنجليزية"}


@pytest.fixture
def loaded(shipped_content, db):
    """The loaded content inside this test's own savepoint."""


def page(client, language, name, *args, query=""):
    with translation.override(language):
        address = reverse(name, args=args)
        response = client.get(address + query)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def marked(html, text, language):
    """Whether ``text`` shows inside ``lang="en"`` followed by the page language's marker."""
    pattern = (
        rf'<span class="untranslated" lang="en">{re.escape(text)}</span> '
        rf'<small class="untranslated-note" lang="{language}" title="[^"]+">'
        rf"{MARK[language]}</small>"
    )
    return re.search(pattern, html) is not None


def test_a_french_list_marks_an_english_case_study_but_not_a_translated_principle(client, loaded):
    case = Article.objects.get(slug="case-black-sea-initiative")
    principle = Article.objects.get(slug="humanity")
    with translation.override("fr"):
        french_title = principle.title
    assert french_title != principle.title_en
    home = page(client, "fr", "home")
    assert marked(home, case.title_en, "fr")
    assert f">{french_title}</a>" in home
    listed = page(client, "fr", "articles:article_list", query="?kind=case")
    assert marked(listed, case.numbered_title, "fr")
    assert f'<span class="untranslated" lang="en">{case.summary_en}</span>' in listed
    principles = page(client, "fr", "articles:article_list", query="?kind=principle")
    assert french_title in principles and "untranslated" not in principles


def test_english_lists_carry_no_marker(client, loaded):
    for html in (page(client, "en", "home"), page(client, "en", "articles:article_list")):
        assert "untranslated" not in html and 'lang="en"><' not in html


def test_an_arabic_course_outline_marks_the_english_lessons_only(client, loaded):
    english = Course.objects.get(slug="dos-and-donts-in-practice")
    outline = page(client, "ar", "courses:course_detail", english.slug)
    lesson = english.lessons.order_by("position").first()
    assert marked(outline, lesson.title_en, "ar")
    translated = Course.objects.get(slug="foundations-of-humanitarian-diplomacy")
    outline = page(client, "ar", "courses:course_detail", translated.slug)
    lesson = translated.lessons.order_by("position").first()
    assert lesson.title_ar and f">{lesson.title_ar}</a>" in outline
    assert "untranslated" not in outline.split('<ul class="outline">')[1]


def test_arabic_search_results_mark_an_entry_shown_in_english(client, loaded):
    case = Article.objects.get(slug="case-black-sea-initiative")
    humanity = Article.objects.get(slug="humanity")
    # Restored content may come without the full-text rows: index these two again.
    search.update_objects(Article, [case.pk, humanity.pk])
    html = page(client, "ar", "search", query="?q=Black+Sea")
    results = html.split('<ol class="search-results"')[1]
    assert '<strong><span class="untranslated" lang="en">' in results
    assert MARK["ar"] in results
    assert re.search(r'<p class="snippet"><span class="untranslated" lang="en">', results)
    assert case.title_en in results
    translated = page(client, "ar", "search", query="?q=الإنسانية&kind=article")
    results = translated.split('<ol class="search-results"')[1]
    assert "الإنسانية" in results
    humanity = re.search(r"<strong>([^<]*)</strong>", results)
    assert humanity and "untranslated" not in humanity.group(0)


def test_a_source_title_with_no_translation_is_marked_english_in_arabic(loaded):
    source = Source.objects.filter(Q(title_ar="") | Q(title_ar__isnull=True)).first()
    with translation.override("ar"):
        citation = plain_citation(source)
    assert f'<span lang="en">{escape(f"“{source.title_en}”")}</span>' in citation
    assert plain_citation(source).startswith(source.author or "“")  # English: plain text
    assert "<span" not in plain_citation(source)


def test_the_compact_and_quiet_shapes(loaded):
    case = Article.objects.get(slug="case-black-sea-initiative")
    text = (
        '{% load content_languages %}{% in_language a "title" compact %}{{ a.title }}'
        '{% end_in_language %}|{% in_language a "summary" quiet %}x{% end_in_language %}'
        '|{{ a|quietly_in_language:"title" }}'
    )
    with translation.override("fr"):
        compact, quiet, value = Template(text).render(Context({"a": case})).split("|")
    assert marked(compact, case.title_en, "fr")
    assert quiet == '<span class="untranslated" lang="en">x</span>'
    assert value == f'<span class="untranslated" lang="en">{case.title_en}</span>'
    assert Template(text).render(Context({"a": case})) == f"{case.title}|x|{case.title}"


def test_a_french_offline_pack_marks_the_english_course_and_not_the_translated_one(loaded):
    english = Course.objects.get(slug="dos-and-donts-in-practice")
    lesson = english.lessons.order_by("position").first()
    with translation.override("fr"):
        html = build_pack(english, submit_url="https://portal.test/offline/").html.decode()
    assert f'<h1><span class="untranslated" lang="en">{escape(english.title_en)}</span>' in html
    assert marked(html, escape(lesson.title_en), "fr")
    assert '<div class="untranslated" lang="en"><p class="untranslated-note" lang="fr">' in html
    translated = Course.objects.get(slug="foundations-of-humanitarian-diplomacy")
    with translation.override("fr"):
        html = build_pack(translated, submit_url="https://portal.test/offline/").html.decode()
        assert f"<h1>{escape(translated.title)}</h1>" in html
    toc = html.partition('<nav class="toc"')[2]
    assert 'class="untranslated"' not in toc.partition("</nav>")[0]


def test_pocket_cards_mark_an_english_item_and_course_title(client, loaded):
    listed = page(client, "fr", "cards:card_list")
    english = Course.objects.get(slug="dos-and-donts-in-practice")
    assert f'<span class="untranslated" lang="en">{escape(english.title_en)}</span>' in listed
    with translation.override("fr"):
        card = cards.principles_card()
    assert all(not item.untranslated_fields for item in card.sections[0].items)  # translated
    humanity = Article.objects.get(slug="humanity")
    humanity.title_fr = humanity.summary_fr = ""
    humanity.save()
    with translation.override("fr"):
        card = cards.principles_card()
    assert card.sections[0].items[0].untranslated_fields == {"title", "text"}
    html = page(client, "fr", "cards:card_detail", "principles")
    assert marked(html, "Humanity", "fr")
    assert f'<span class="untranslated" lang="en">{escape(humanity.summary_en)}</span>' in html
