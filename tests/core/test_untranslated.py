"""Content not yet translated shows in English, marked lang="en", with a visible note."""

from http import HTTPStatus

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


def render(text, **context):
    return Template("{% load content_languages %}" + text).render(Context(context))


def test_in_english_the_field_shows_as_it_is(article):
    assert render('{% in_language article "title" %}', article=article) == "Neutrality"
    block = '{% in_language article "body" block %}<div>body</div>{% end_in_language %}'
    assert render(block, article=article) == "<div>body</div>"


def test_a_missing_translation_shows_the_english_marked_and_noted(article):
    with translation.override("fr"):
        html = render('{% in_language article "title" %}', article=article)
    assert html.startswith('<span class="untranslated" lang="en">Neutrality</span>')
    assert '<small class="untranslated-note" lang="fr">Pas encore traduit</small>' in html


def test_a_translated_field_shows_in_the_language_with_no_note(article):
    article.title_fr = "Neutralité"
    article.save()
    with translation.override("fr"):
        assert render('{% in_language article "title" %}', article=article) == "Neutralité"
    with translation.override("ar"):
        assert "لم يُترجم بعد" in render('{% in_language article "title" %}', article=article)


def test_a_block_is_wrapped_in_english_with_the_note_in_the_pages_language(article):
    text = '{% in_language article "body" block %}{{ article.body_html|safe }}{% end_in_language %}'
    with translation.override("ar"):
        html = render(text, article=article)
    assert html.startswith(
        '<div class="untranslated" lang="en"><p class="untranslated-note" lang="ar">'
    )
    assert "<p>Some <strong>body</strong> text.</p></div>" in html


def test_inline_wraps_what_it_encloses(article):
    text = '{% in_language article "title" inline %}2. {{ article.title }}{% end_in_language %}'
    with translation.override("fr"):
        html = render(text, article=article)
    assert html.startswith('<span class="untranslated" lang="en">2. Neutrality</span>')


def test_the_text_is_escaped(article):
    article.title = "<script>x</script>"
    with translation.override("fr"):
        html = render('{% in_language article "title" %}', article=article)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_field_blank_in_english_too_gets_no_note(article):
    with translation.override("fr"):
        assert render('{% in_language source "note" %}', source=article.sources.get()) == ""


def test_the_tag_says_how_it_is_used():
    with pytest.raises(TemplateSyntaxError, match="block"):
        Template('{% load content_languages %}{% in_language a "b" sideways %}')


@pytest.fixture
def in_french(client):
    def get(page):
        with translation.override("en"):
            url = page.get_absolute_url()
        # A first visit with a French browser is sent to the French address.
        client.cookies.clear()
        response = client.get(url, headers={"accept-language": "fr"}, follow=True)
        assert response.redirect_chain == [(f"/fr{url}", HTTPStatus.FOUND)]
        assert response.status_code == HTTPStatus.OK
        return response.content.decode()

    return get


def test_the_article_page_marks_what_is_not_yet_in_french(in_french, article):
    html = in_french(article)
    assert '<h1><span class="untranslated" lang="en">Neutrality</span>' in html
    assert '<div class="untranslated" lang="en"><p class="untranslated-note" lang="fr">' in html
    article.title_fr, article.summary_fr, article.body_fr = "Neutralité", "Résumé", "Corps."
    article.save()
    html = in_french(article)
    assert "<h1>Neutralité</h1>" in html
    assert "Pas encore traduit" not in html and "untranslated" not in html


def test_the_term_and_course_pages_mark_what_is_not_yet_in_french(in_french, term, course):
    assert html_has_note(in_french(term), "International humanitarian law")
    assert html_has_note(in_french(course), "Foundations")


def html_has_note(html, english):
    return f'<span class="untranslated" lang="en">{english}</span>' in html and (
        'class="untranslated-note" lang="fr"' in html
    )
