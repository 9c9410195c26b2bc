"""The /search/ page: results, filters, pagination, suggestions, and whatever people type."""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.urls import reverse

from core.models import Status
from search.models import SearchEntry

SEARCH = reverse("search")


def get(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def result_titles(html):
    return re.findall(r'<a href="[^"]*"><strong>([^<]*)</strong></a>', html)


def test_results_show_kind_title_link_and_highlighted_snippet(
    client, make_article, django_assert_max_num_queries
):
    make_article(
        title="Talks", slug="talks", summary="On talks.", body="Long negotiations went on."
    )
    # The content version (for the page cache, then for the glossary's names), the names,
    # counts by kind, the page of results and their snippets.
    with django_assert_max_num_queries(6):
        html = get(client, q="negotiate")
    assert result_titles(html) == ["Talks"]
    assert '<p class="kind">Article</p>' in html
    assert '<a href="/articles/talks/">' in html
    assert "<mark>negotiations</mark>" in html
    assert "1 result for “negotiate”" in html


def test_kind_filter_links_show_counts_and_narrow_the_results(client, make_article, make_term):
    make_article(title="Mediation article", slug="mediation-article", body="Mediation.")
    make_term(term="Mediation", slug="mediation", short_definition="Helping parties agree.")
    html = get(client, q="mediation")
    assert 'href="?q=mediation&amp;kind=term">Glossary terms <span class="count">(1)' in html
    assert 'Everything <span class="count">(2)' in html
    filtered = get(client, q="mediation", kind="term")
    assert result_titles(filtered) == ["Mediation"]
    assert '<p class="kind">Glossary term</p>' in filtered


def test_results_are_paginated(client, make_article, django_assert_max_num_queries):
    for number in range(13):
        make_article(title=f"Mediation {number:02}", slug=f"m-{number}", body="Mediation.")
    first = get(client, q="mediation")
    assert len(result_titles(first)) == 10
    assert "Page 1 of 2" in first
    assert 'href="?q=mediation&amp;page=2"' in first
    with django_assert_max_num_queries(5):  # however many results there are
        second = get(client, q="mediation", page=2)
    assert len(result_titles(second)) == 3
    assert '<ol class="search-results" start="11">' in second
    assert len(result_titles(get(client, q="mediation", page="x"))) == 10
    assert len(result_titles(get(client, q="mediation", page=99))) == 3


def test_no_results_offers_a_respelling_and_close_terms(
    client, make_term, make_article, django_assert_max_num_queries
):
    make_term(term="Neutrality", slug="neutrality", short_definition="Taking no side.")
    make_article(title="Principles", slug="principles", body="Neutrality matters.")
    # The content version (twice), names, counts, vocabulary version and words.
    with django_assert_max_num_queries(6):
        html = get(client, q="neutralty")
    assert "Nothing matches all of those words." in html
    assert 'Did you mean <a href="?q=neutrality">neutrality</a>?' in html
    assert '<a href="/glossary/neutrality/">Neutrality</a>' in html


def test_an_empty_search_invites_a_query(client, db):
    html = get(client, q="")
    assert "Type a word or two above" in html
    assert 'class="search-results"' not in html


def test_a_query_without_words_says_so(client, db):
    assert "There are no words to search for" in get(client, q="🕊️ ***")


def test_an_over_long_query_is_shortened_and_says_so(client, article):
    html = get(client, q="neutrality " + "x" * 500)
    assert "Only the first 200 characters were searched." in html
    assert 'value="neutrality xxx' in html


def test_an_expanded_abbreviation_is_shown(client, term):
    assert "Also searched for: international humanitarian law, law of armed conflict." in get(
        client, q="IHL"
    )


HOSTILE_QUERIES = [
    "",
    " ",
    "\t\n",
    "a" * 10_000,
    "neutrality " * 300,
    '"',
    '""',
    "'",
    '"neutrality',
    "neutrality\"'",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "neutrality AND",
    "NEAR(",
    "NEAR(neutrality access, 2)",
    "NEAR/3",
    "*",
    "neutral*",
    "-",
    "-neutrality",
    ":",
    "title:neutrality",
    "{title body}: neutrality",
    "^neutrality",
    "(",
    ")",
    "((((",
    "neutrality & !access | peace <-> :*",
    "@@ to_tsquery('x')",
    "'; DROP TABLE diplomacy_portal_searchentry; --",
    "1 OR 1=1",
    "%",
    "_",
    "\\",
    "\\x00",
    "neutrality\x00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp; &lt;",
    "дипломатия",
    "外交官",
    "دبلوماسية",
    "ネゴシエーション",
    "🕊️",
    "🕊️ neutrality 🏳️",
    "\u202e\u200f",
    "ｎｅｕｔｒａｌｉｔｙ",
    "NULL",
    "None",
    "%00",
    "a" * 100 + "b" * 100 + "neutrality",
]


class _Page(HTMLParser):
    """Collects text, and fails the test on a script element in the page other than static."""

    def __init__(self):
        super().__init__()
        self.text = []

    def handle_starttag(self, tag, attrs):
        # only the site's own static scripts, never one carrying the query
        assert tag != "script" or dict(attrs).get("src", "").startswith("/static/js/")
        assert not any(name.startswith("on") for name, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gets_a_page_with_results_or_a_clear_message(client, article, query):
    response = client.get(SEARCH, {"q": query, "kind": query, "page": query})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    page = _Page()
    page.feed(html)
    assert (
        'class="search-results"' in html
        or "Nothing matches all of those words." in html
        or "There are no words to search for" in html
        or "Type a word or two above" in html
        or 'role="alert"' in html
    )
    assert SearchEntry.objects.filter(title="Neutrality").exists()


@pytest.mark.parametrize(
    "query",
    ['"neutrality"', "neutrality*", "-neutrality", "(neutrality)", "^neutrality", "{neutrality}:"],
)
def test_operator_characters_around_a_word_still_find_it(client, article, query):
    assert result_titles(get(client, q=query)) == ["Neutrality"]


def test_a_null_character_is_refused_with_a_message(client, article):
    html = get(client, q="neutrality\x00")
    assert 'role="alert"' in html
    assert "Null characters are not allowed." in html


@pytest.mark.parametrize("name", ["home", "sources", "articles:article_list", "glossary:term_list"])
def test_every_page_has_a_labelled_search_box_in_its_header(client, db, name):
    html = client.get(reverse(name)).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert f'<form class="search-form" role="search" method="get" action="{SEARCH}"' in header
    assert '<label class="visually-hidden" for="site-search">' in header
    assert '<input type="search" id="site-search" name="q"' in header


def test_the_search_page_has_one_search_box_its_own(client, db):
    html = client.get(reverse("search")).content.decode()
    assert html.count('type="search"') == 1
    assert 'id="site-search"' not in html


def test_detail_pages_have_the_search_box_too(client, article, term):
    for url in (article.get_absolute_url(), term.get_absolute_url()):
        assert 'id="site-search"' in client.get(url).content.decode()


def test_search_page_is_not_indexed_by_robots(client, db):
    assert '<meta name="robots" content="noindex, follow">' in get(client, q="x")


def test_trainees_share_the_results_until_the_content_changes(
    client, make_article, trainee_factory, django_assert_max_num_queries
):
    make_article(title="Talks", slug="talks", body="Long negotiations went on.")
    first = client.__class__()
    first.force_login(trainee_factory("first"))
    assert result_titles(get(first, q="negotiate")) == ["Talks"]

    client.force_login(trainee_factory("second"))
    # The session, the account, whether to offer the staff reports and the content version:
    # the results come from the cache.
    with django_assert_max_num_queries(4):
        assert result_titles(get(client, q="negotiate")) == ["Talks"]

    make_article(title="More talks", slug="more-talks", body="Negotiations resumed.")
    assert sorted(result_titles(get(client, q="negotiate"))) == ["More talks", "Talks"]


def test_staff_never_get_the_shared_results_nor_share_theirs(
    client, make_article, trainee_factory, staff_user
):
    make_article(title="Talks", slug="talks", body="Long negotiations went on.")
    make_article(title="Draft", slug="draft", status=Status.DRAFT, body="Negotiations, draft.")
    client.force_login(staff_user)
    assert sorted(result_titles(get(client, q="negotiate"))) == ["Draft", "Talks"]
    client.force_login(trainee_factory())
    assert result_titles(get(client, q="negotiate")) == ["Talks"]
    client.force_login(staff_user)
    assert sorted(result_titles(get(client, q="negotiate"))) == ["Draft", "Talks"]
