"""The Atom feed, sitemap.xml and robots.txt: they parse as what they claim and list the right
pages."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from core.languages import localized_path
from core.models import Status

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml_of(response):
    """The response parsed as XML: our own output, so the standard parser is fine here."""
    return ET.fromstring(response.content)  # noqa: S314


@pytest.fixture
def scheduled_article(make_article):
    return make_article(
        title="Later", slug="later", published_at=timezone.now() + timedelta(days=2)
    )


@pytest.fixture
def hidden_course(db):
    course = baker.make(
        "courses.Course",
        title="Hidden course",
        slug="hidden-course",
        status=Status.DRAFT,
        published_at=timezone.now() - timedelta(days=1),
    )
    baker.make("courses.Lesson", course=course, slug="hidden-lesson", position=1, body="x")
    return course


def test_atom_feed_lists_published_articles_newest_first(
    client, make_article, draft_article, scheduled_article, django_assert_max_num_queries
):
    old = make_article(title="Older", slug="older", published_at=timezone.now() - timedelta(days=9))
    new = make_article(title="Newer", slug="newer", summary="Fresh <summary> & more.")
    new.tags.add("access", "trust")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("articles:feed"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = xml_of(response)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Diplomacy Portal: latest articles"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer", "Older"]
    first = entries[0]
    assert urlsplit(first.find(f"{ATOM}link").get("href")).path == new.get_absolute_url()
    assert first.findtext(f"{ATOM}summary") == "Fresh <summary> & more."
    assert sorted(c.get("term") for c in first.findall(f"{ATOM}category")) == ["access", "trust"]
    assert first.findtext(f"{ATOM}updated")
    assert urlsplit(entries[1].find(f"{ATOM}link").get("href")).path == old.get_absolute_url()


def test_pages_point_to_the_feed(client, db):
    html = client.get(reverse("home")).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Latest articles" '
        f'href="{reverse("articles:feed")}">'
    ) in html


def sitemap_paths(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == HTTPStatus.OK
    urlset = xml_of(response)
    assert urlset.tag == f"{SITEMAP}urlset"
    urls = urlset.findall(f"{SITEMAP}url")
    return {urlsplit(url.findtext(f"{SITEMAP}loc")).path: url for url in urls}


def test_sitemap_lists_every_public_page_and_nothing_else(
    client, article, draft_article, scheduled_article, term, course, hidden_course
):
    article.tags.add("access")
    draft_article.tags.add("secret")
    paths = sitemap_paths(client)
    lessons = [lesson.get_absolute_url() for lesson in course.lessons.all()]
    expected = {
        reverse("home"),
        reverse("articles:article_list"),
        reverse("articles:dos_and_donts"),
        reverse("articles:faq"),
        reverse("glossary:term_list"),
        reverse("courses:course_list"),
        reverse("sources"),
        article.get_absolute_url(),
        term.get_absolute_url(),
        course.get_absolute_url(),
        *lessons,
        reverse("tag_detail", kwargs={"slug": "access"}),
    }
    every_language = [code for code, _ in settings.LANGUAGES]
    assert set(paths) == {
        localized_path(path, code) for path in expected for code in every_language
    }
    assert paths[article.get_absolute_url()].findtext(f"{SITEMAP}lastmod")


def test_sitemap_urls_are_absolute_on_the_site_origin(client, article, settings):
    settings.SITE_ORIGIN = "https://portal.example.org"
    response = client.get(reverse("sitemap"), HTTP_HOST="localhost")
    locs = [loc.text for loc in xml_of(response).iter(f"{SITEMAP}loc")]
    assert locs
    assert all(loc.startswith("https://portal.example.org/") for loc in locs)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db, settings):
    settings.SITE_ORIGIN = "https://portal.example.org"
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: https://portal.example.org/sitemap.xml" in lines
