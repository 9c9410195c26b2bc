"""The Host header is the client's to write: it is checked before any page, cached or not, is
served, and links to the portal itself come from SITE_ORIGIN, never from it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.articles.test_feeds import ATOM, SITEMAP, xml_of
from tests.core.test_social_meta import Head

ORIGIN = "https://portal.example.org"


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.SITE_ORIGIN = ORIGIN


def head_of(response):
    head = Head()
    head.feed(response.content.decode())
    return head


def test_a_host_not_allowed_gets_400_even_when_the_page_is_cached(
    client, article, django_assert_max_num_queries
):
    url = article.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(1):  # cached: the content version only
        assert client.get(url).status_code == HTTPStatus.OK
    assert client.get(url, HTTP_HOST="evil.example").status_code == HTTPStatus.BAD_REQUEST


def test_a_host_not_allowed_gets_400_on_a_page_not_yet_cached(client, article):
    response = client.get(article.get_absolute_url(), HTTP_HOST="evil.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_variant_host_never_changes_the_canonical_link_served_to_others(client, article):
    url = article.get_absolute_url()
    variant = client.get(url, HTTP_HOST="LOCALHOST.:8941")  # allowed: same host, other spelling
    assert variant.status_code == HTTPStatus.OK
    for host in ("localhost", "127.0.0.1:8000", "LOCALHOST.:8941"):
        head = head_of(client.get(url, HTTP_HOST=host))
        assert head.canonical == [ORIGIN + url]
        assert head.meta["og:url"] == [ORIGIN + url]


def test_the_feed_links_to_the_site_origin_whatever_the_host(client, article):
    response = client.get(reverse("articles:feed"), HTTP_HOST="LOCALHOST.:8941")
    feed = xml_of(response)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    ids = [element.text for element in feed.iter(f"{ATOM}id")]
    assert links
    assert all(link.startswith(ORIGIN + "/") for link in links + ids)


def test_the_sitemap_lists_the_site_origin_whatever_the_host(client, article):
    response = client.get(reverse("sitemap"), HTTP_HOST="LOCALHOST.:8941")
    locs = [loc.text for loc in xml_of(response).iter(f"{SITEMAP}loc")]
    assert ORIGIN + article.get_absolute_url() in locs
    assert all(loc.startswith(ORIGIN + "/") for loc in locs)
