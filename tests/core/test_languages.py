"""English, French and Arabic: addresses, the switcher, the reader's choice, lang and dir,
hreflang alternates, the sitemap and the feeds (core.languages, diplomacy_portal.urls)."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core import languages


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request leaves its language active in the thread: later tests reverse in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_tag(page):
    return re.search(r"<html[^>]*>", page).group(0)


def switcher_links(page):
    nav = re.search(r'<nav class="language-nav".*?</nav>', page, re.DOTALL).group(0)
    return re.findall(r"<a [^>]*>[^<]*</a>", nav)


# Settings and addresses


def test_the_three_languages_are_declared_as_planned():
    assert settings.LANGUAGES == [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
    assert settings.LANGUAGE_CODE == "en"
    assert settings.LOCALE_PATHS == [settings.BASE_DIR / "locale"]


def test_the_locale_middleware_reads_the_address_after_the_page_cache_and_the_session():
    order = settings.MIDDLEWARE.index
    locale = order("django.middleware.locale.LocaleMiddleware")
    assert order("core.caching.PublicPageCacheMiddleware") < locale
    assert order("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < order("django.middleware.common.CommonMiddleware")
    assert order("django.contrib.auth.middleware.AuthenticationMiddleware") < order(
        "core.languages.LanguageChoiceMiddleware"
    )


@pytest.mark.parametrize(
    ("name", "kwargs", "english"),
    [
        ("home", {}, "/"),
        ("articles:article_detail", {"slug": "neutrality"}, "/articles/neutrality/"),
        ("glossary:term_list", {}, "/glossary/"),
        ("courses:dashboard", {}, "/learning/"),
        ("login", {}, "/accounts/login/"),
    ],
)
def test_pages_keep_their_english_address_and_take_a_prefix_in_french_and_arabic(
    name, kwargs, english
):
    assert reverse(name, kwargs=kwargs) == english
    for code in ("fr", "ar"):
        with translation.override(code):
            assert reverse(name, kwargs=kwargs) == f"/{code}{english}"


@pytest.mark.parametrize("name", ["healthz", "robots_txt", "sitemap", "admin:index"])
def test_what_machines_read_and_the_admin_have_no_prefix(name):
    english = reverse(name)
    with translation.override("fr"):
        assert reverse(name) == english
    assert not english.startswith(("/fr/", "/ar/"))


@pytest.mark.parametrize("path", ["/fr/healthz", "/fr/robots.txt", "/ar/sitemap.xml"])
def test_machine_addresses_are_not_repeated_under_a_prefix(client, db, path):
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_robots_txt_keeps_crawlers_out_of_searches_in_every_language(client, db):
    text = client.get("/robots.txt").content.decode()
    for search in ("/search/", "/fr/search/", "/ar/search/"):
        assert f"Disallow: {search}\n" in text


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
def test_a_page_declares_its_language_and_direction(client, article, code, direction):
    path = languages.localized_path("/articles/neutrality/", code)
    client.cookies[COOKIE] = code
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert html_tag(response.text) == f'<html lang="{code}" dir="{direction}">'
    assert response["Content-Language"] == code


def test_an_unknown_language_prefix_gets_the_not_found_page(client, article):
    response = client.get("/de/articles/neutrality/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.text
    assert html_tag(response.text) == '<html lang="en" dir="ltr">'


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_server_error_page_declares_its_language_and_direction(code, direction):
    with translation.override(code):
        page = render_to_string("500.html")
    assert html_tag(page) == f'<html lang="{code}" dir="{direction}">'
    assert languages.localized_path("/", code) in page


# The switcher and the alternates


def test_the_switcher_links_to_this_page_in_every_language_keeping_the_query(client, article):
    client.cookies[COOKIE] = "fr"
    page = client.get("/fr/articles/?kind=principle&page=1").text
    links = switcher_links(page)
    assert links == [
        '<a href="/articles/?kind=principle&amp;page=1" lang="en" hreflang="en">English</a>',
        '<a href="/fr/articles/?kind=principle&amp;page=1" lang="fr" hreflang="fr"'
        ' aria-current="true">Français</a>',
        '<a href="/ar/articles/?kind=principle&amp;page=1" lang="ar" hreflang="ar">العربية</a>',
    ]
    assert "<script" not in re.search(r'<nav class="language-nav".*?</nav>', page, re.S).group(0)


def test_every_page_lists_itself_in_each_language_for_search_engines(client, article, settings):
    settings.SITE_ORIGIN = "https://portal.example.org"
    head = client.get("/articles/neutrality/").text.split("</head>")[0]
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    assert alternates == [
        ("en", "https://portal.example.org/articles/neutrality/"),
        ("x-default", "https://portal.example.org/articles/neutrality/"),
        ("fr", "https://portal.example.org/fr/articles/neutrality/"),
        ("ar", "https://portal.example.org/ar/articles/neutrality/"),
    ]


def test_an_error_page_does_not_repeat_the_query_it_was_asked_with(client, db):
    page = client.get("/articles/no-such-article/?secret=plans").text
    assert "plans" not in page
    assert '<a href="/fr/articles/no-such-article/" lang="fr"' in page


# The reader's choice


def test_a_french_browser_is_sent_to_the_french_page_on_its_first_visit(client, article):
    response = client.get("/articles/neutrality/?ref=mail", **FRENCH_BROWSER)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/fr/articles/neutrality/?ref=mail"
    assert response.cookies[COOKIE].value == "fr"
    assert "Accept-Language" in response["Vary"]
    followed = client.get(response.url, **FRENCH_BROWSER)
    assert html_tag(followed.text) == '<html lang="fr" dir="ltr">'


def test_once_the_reader_picks_english_it_is_not_sent_to_french_again(client, article):
    client.get("/articles/neutrality/", **FRENCH_BROWSER)  # sent to French
    picked = client.get("/articles/neutrality/", **FRENCH_BROWSER)  # the switcher's English
    assert picked.status_code == HTTPStatus.OK
    assert picked.cookies[COOKIE].value == "en"
    again = client.get("/glossary/", **FRENCH_BROWSER)
    assert again.status_code == HTTPStatus.OK
    assert html_tag(again.text) == '<html lang="en" dir="ltr">'


def test_following_a_switcher_link_remembers_the_language(client, article):
    response = client.get("/ar/articles/neutrality/")
    assert response.cookies[COOKIE].value == "ar"
    back = client.get("/articles/neutrality/", **FRENCH_BROWSER)  # the switcher's English
    assert back.status_code == HTTPStatus.OK
    assert back.cookies[COOKIE].value == "en"


def test_an_english_browser_reading_english_sets_no_cookie(client, article):
    response = client.get("/articles/neutrality/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert response.status_code == HTTPStatus.OK
    assert COOKIE not in response.cookies


def test_a_browser_asking_for_a_language_the_portal_lacks_reads_english(client, article):
    response = client.get("/articles/neutrality/", HTTP_ACCEPT_LANGUAGE="de-DE,de")
    assert response.status_code == HTTPStatus.OK
    assert html_tag(response.text) == '<html lang="en" dir="ltr">'


def test_machine_addresses_never_redirect_nor_touch_the_choice(client, db):
    client.cookies[COOKIE] = "ar"
    response = client.get("/robots.txt", **FRENCH_BROWSER)
    assert response.status_code == HTTPStatus.OK
    assert COOKIE not in response.cookies


@pytest.mark.parametrize(
    ("header", "expected"),
    [("ar;q=0.8, fr", "fr"), ("fr-CA", "fr"), ("de, ar-EG;q=0.5", "ar"), ("", "en")],
)
def test_the_browser_language_is_the_first_the_portal_has(rf, header, expected):
    assert languages.browser_language(rf.get("/", HTTP_ACCEPT_LANGUAGE=header)) == expected


# Sitemap and feeds


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(
    client, article, settings
):
    settings.SITE_ORIGIN = "https://portal.example.org"
    xml = client.get("/sitemap.xml").content.decode()
    for code in ("", "fr/", "ar/"):
        assert f"<loc>https://portal.example.org/{code}articles/neutrality/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="ar" '
        'href="https://portal.example.org/ar/articles/neutrality/"/>'
    ) in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="https://portal.example.org/articles/neutrality/"/>'
    ) in xml


FEED_TITLES = {"en": "Latest articles", "fr": "Derniers articles", "ar": "أحدث المقالات"}


@pytest.mark.parametrize("code", ["en", "fr", "ar"])
def test_each_language_has_its_own_feed(client, article, settings, code):
    settings.SITE_ORIGIN = "https://portal.example.org"
    prefix = "" if code == "en" else f"/{code}"
    client.cookies[COOKIE] = code
    xml = client.get(f"{prefix}/articles/feed/").content.decode()
    assert f'xml:lang="{code}"' in xml
    assert f"https://portal.example.org{prefix}/articles/neutrality/" in xml
    assert f'href="https://portal.example.org{prefix}/articles/feed/"' in xml
    page = client.get(f"{prefix}/articles/").text
    title = FEED_TITLES[code]
    assert f'type="application/atom+xml" title="{title}" href="{prefix}/articles/feed/"' in page
