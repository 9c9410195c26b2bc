"""The page cache, every cached fragment and the per-worker caches are keyed by language: a
French reader is never served an English page (core.cache_keys, core.caching)."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from core import cache_keys
from core.caching import built_once_per_version, keep_read, kept_read
from tests.core.test_languages import FRENCH_BROWSER, english_afterwards, html_tag  # noqa: F401

COOKIE = settings.LANGUAGE_COOKIE_NAME


def reader(language=None):
    client = Client()
    if language:
        client.cookies[COOKIE] = language
    return client


def test_a_french_reader_is_never_served_the_english_page_from_the_cache(
    article, django_assert_max_num_queries
):
    english = reader().get("/articles/neutrality/")
    assert html_tag(english.text) == '<html lang="en" dir="ltr">'
    with django_assert_max_num_queries(1):  # the content version: a cached page
        assert reader().get("/articles/neutrality/").text == english.text

    french = reader("fr").get("/fr/articles/neutrality/")
    assert html_tag(french.text) == '<html lang="fr" dir="ltr">'
    first_visit = reader().get("/articles/neutrality/", **FRENCH_BROWSER)
    assert first_visit.status_code == HTTPStatus.FOUND
    assert first_visit.url == "/fr/articles/neutrality/"
    with django_assert_max_num_queries(1):
        again = reader("fr").get("/fr/articles/neutrality/")
    assert again.text == french.text
    assert html_tag(reader().get("/articles/neutrality/").text) == '<html lang="en" dir="ltr">'


def test_a_french_page_cached_for_a_first_visit_still_remembers_the_language(
    article, django_assert_max_num_queries
):
    assert reader().get("/fr/articles/neutrality/").cookies[COOKIE].value == "fr"
    with django_assert_max_num_queries(1):
        cached = reader().get("/fr/articles/neutrality/")
    assert cached.cookies[COOKIE].value == "fr"
    assert html_tag(cached.text) == '<html lang="fr" dir="ltr">'


def test_a_redirect_to_the_readers_language_is_never_cached(article):
    for _ in range(2):
        response = reader().get("/articles/neutrality/", **FRENCH_BROWSER)
        assert response.status_code == HTTPStatus.FOUND
    assert reader().get("/articles/neutrality/").status_code == HTTPStatus.OK


def test_a_reader_turning_to_english_gets_the_cookie_even_when_the_page_is_cached(article):
    reader().get("/articles/neutrality/")  # cached for readers of English
    response = reader("ar").get("/articles/neutrality/")
    assert response.status_code == HTTPStatus.OK
    assert response.cookies[COOKIE].value == "en"


@pytest.mark.parametrize(
    ("path", "cookie", "accept", "part"),
    [
        ("/articles/x/", None, "", "en"),
        ("/articles/x/", "en", "fr", "en"),
        ("/articles/x/", None, "fr", ">fr"),
        ("/articles/x/", "fr", "", "en+"),
        ("/fr/articles/x/", "fr", "", "fr"),
        ("/fr/articles/x/", None, "ar", "fr+"),
        ("/ar/articles/x/", "en", "", "ar+"),
    ],
)
def test_the_page_key_reads_the_language_as_the_middleware_will(rf, path, cookie, accept, part):
    request = rf.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    if cookie:
        request.COOKIES[COOKIE] = cookie
    key = cache_keys.PUBLIC_PAGE.key(path, request=request, content_version=7)
    assert key.split(":")[:3] == ["page", "v7", part]


def test_the_site_header_is_cached_per_language(client, article):
    client.cookies[COOKIE] = "fr"
    french = client.get("/fr/articles/neutrality/").text
    assert 'href="/fr/glossary/"' in french
    client.cookies[COOKIE] = "en"
    english = client.get("/articles/neutrality/").text
    assert 'href="/glossary/"' in english
    assert 'href="/fr/glossary/"' not in english


@pytest.mark.parametrize(
    "spec",
    [
        *cache_keys.FRAGMENTS.values(),
        cache_keys.PUBLIC_PAGE,
        cache_keys.SEARCH_RESULTS,
        cache_keys.LINKED_HTML,
        cache_keys.GLOSSARY_MATCHER,
        cache_keys.CARD_PDF,
        cache_keys.OFFLINE_PACK,
        cache_keys.IN_PROCESS_PLACE,
    ],
    ids=lambda spec: spec.name,
)
def test_what_shows_text_is_keyed_by_language(spec):
    assert cache_keys.LANGUAGE in spec.depends_on


def test_a_value_built_once_per_worker_is_built_once_per_language(db):
    built = []

    def build():
        built.append(translation.get_language())
        return translation.get_language()

    for _ in range(2):
        for code in ("en", "fr", "ar"):
            with translation.override(code):
                assert built_once_per_version("synonyms", build) == code
    assert built == ["en", "fr", "ar"]


def test_a_value_read_once_per_worker_is_kept_per_language(db):
    version = cache_keys.content_version()
    with translation.override("fr"):
        keep_read("course", "foundations", "French outline", version)
        assert kept_read("course", "foundations") == "French outline"
    with translation.override("en"):
        assert kept_read("course", "foundations") is None
