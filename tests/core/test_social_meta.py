"""Canonical URLs and Open Graph data on articles, terms and courses."""

from html.parser import HTMLParser

import pytest


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.canonical = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.meta.setdefault(attrs["property"], []).append(attrs["content"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])


ORIGIN = "https://portal.example.org"


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.SITE_ORIGIN = ORIGIN


def head_of(client, url):
    head = Head()
    head.feed(client.get(url, {"utm_source": "mail"}).content.decode())
    return head


def test_article_has_canonical_url_and_open_graph(client, article):
    article.tags.add("principles")
    head = head_of(client, article.get_absolute_url())
    url = f"{ORIGIN}{article.get_absolute_url()}"
    assert head.canonical == [url]  # without the query string
    assert head.meta["og:url"] == [url]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:title"] == ["Neutrality"]
    assert head.meta["og:site_name"] == ["Diplomacy Portal"]
    assert head.meta["article:tag"] == ["principles"]
    assert head.meta["article:published_time"] == [article.published_at.isoformat()]


def test_term_has_canonical_url_and_open_graph(client, term):
    head = head_of(client, term.get_absolute_url())
    assert head.canonical == [f"{ORIGIN}{term.get_absolute_url()}"]
    assert head.meta["og:title"] == ["International humanitarian law"]
    assert head.meta["og:description"] == [term.short_definition]


def test_course_has_canonical_url_and_open_graph(client, course):
    head = head_of(client, course.get_absolute_url())
    assert head.canonical == [f"{ORIGIN}{course.get_absolute_url()}"]
    assert head.meta["og:type"] == ["website"]
    assert head.meta["og:title"] == ["Foundations"]


@pytest.mark.parametrize("title", ['Quotes " and <tags>', "Ampersand & co"])
def test_open_graph_values_are_escaped(client, make_article, title):
    article = make_article(title=title, slug="escaped", summary=title)
    html = client.get(article.get_absolute_url()).content.decode()
    head = Head()
    head.feed(html)
    assert head.meta["og:title"] == [title]
    assert "<tags>" not in html
