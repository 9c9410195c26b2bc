"""Markdown the renderer cannot take quickly is refused on the admin form, on its own field,
in every app's admin (the check lives in RenderedMarkdownMixin.clean), and nothing is saved."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.core.test_markdown import HOSTILE
from tests.scenarios.test_admin import form_data


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def post_change(client, obj, form_id, field, value):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url).content.decode(), form_id)
    data[field] = [value]
    return client.post(url, data)


def field_error(html, field):
    """The messages Django shows on the field's row."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.DOTALL)
    return found.group(1) if found else ""


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_article_body_gets_a_form_error_and_is_not_saved(admin_client, article, text):
    response = post_change(admin_client, article, "article_form", "body", text)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'class="errornote"' in html
    assert field_error(html, "body")
    article.refresh_from_db()
    assert article.body == "Some **body** text."


def test_a_glossary_definition_is_bounded_too(admin_client, term):
    response = post_change(admin_client, term, "term_form", "definition", "- " * 500 + "a")
    assert response.status_code == HTTPStatus.OK
    assert "Lists or quotes are nested 500 levels deep" in field_error(
        response.content.decode(), "definition"
    )
    term.refresh_from_db()
    assert term.definition == "A definition."


def test_a_lesson_body_is_bounded_too(admin_client, course):
    lesson = course.lessons.get(position=1)
    response = post_change(admin_client, lesson, "lesson_form", "body", "[" * 20000)
    assert response.status_code == HTTPStatus.OK
    assert "more than 50 square brackets" in field_error(response.content.decode(), "body")
    lesson.refresh_from_db()
    assert lesson.body == "Body of lesson 1."


def test_an_ordinary_body_still_saves(admin_client, article):
    response = post_change(admin_client, article, "article_form", "body", "## New\n\n*Fine*.")
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.body_html == "<h2>New</h2>\n<p><em>Fine</em>.</p>"
