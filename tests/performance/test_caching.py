"""Anonymous public pages come from the cache until the content they show changes."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from cards import cards
from core.models import ContentVersion, Status


def test_second_anonymous_view_is_served_from_the_cache(
    client, article, django_assert_max_num_queries
):
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(1):  # the content version only
        response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert article.title in response.content.decode()


def test_editing_content_shows_at_once(client, article):
    client.get(article.get_absolute_url())
    article.title = "Neutrality, rewritten"
    article.save()
    assert "Neutrality, rewritten" in client.get(article.get_absolute_url()).content.decode()


def test_editing_in_the_admin_shows_at_once(client, article, superuser):
    client.get(reverse("home"))
    assert "Neutrality" in client.get(reverse("home")).content.decode()
    admin = client.__class__()
    admin.force_login(superuser)
    admin.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert "Neutrality" not in client.get(reverse("home")).content.decode()


def test_a_tag_change_is_a_content_change(client, article):
    version = ContentVersion.current()
    article.tags.add("access")
    assert ContentVersion.current() > version


def test_trainee_records_are_not_content_changes(trainee_factory, course):
    version = ContentVersion.current()
    from courses.services import enroll

    enroll(user=trainee_factory(), course=course)
    assert ContentVersion.current() == version


def test_logged_in_pages_are_never_served_from_the_cache(client, course, trainee_factory):
    first, second = trainee_factory("first"), trainee_factory("second")
    client.force_login(first)
    client.post(reverse("courses:enroll", args=[course.slug]))
    page = client.get(course.get_absolute_url())
    assert "Continue where you left off" in page.content.decode()
    assert "private" in page["Cache-Control"]
    client.force_login(second)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Enroll in this course" in page
    assert "Continue where you left off" not in page


def test_anonymous_page_is_not_cached_over_a_logged_in_one(client, course, trainee_factory):
    client.get(course.get_absolute_url())
    client.force_login(trainee_factory())
    assert "Enroll in this course" in client.get(course.get_absolute_url()).content.decode()


def test_a_404_is_not_cached(client, article):
    article.status = Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    article.status = Status.PUBLISHED
    article.save()
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK


def test_pages_send_validators_and_revalidate(client, article):
    response = client.get(article.get_absolute_url())
    assert response.has_header("ETag")
    assert "must-revalidate" in response["Cache-Control"]
    repeat = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeat.status_code == HTTPStatus.NOT_MODIFIED
    assert repeat.content == b""


def account_links(page):
    return {
        name: f'href="{reverse(url_name)}"' in page
        for name, url_name in [
            ("admin", "admin:index"),
            ("learning", "courses:dashboard"),
            ("login", "login"),
        ]
    }


def test_the_cached_header_fits_each_kind_of_visitor(client, course, superuser, trainee_factory):
    client.force_login(superuser)
    assert account_links(client.get(course.get_absolute_url()).text) == {
        "admin": True,
        "learning": True,
        "login": False,
    }
    client.force_login(trainee_factory())
    assert account_links(client.get(course.get_absolute_url()).text) == {
        "admin": False,
        "learning": True,
        "login": False,
    }
    client.logout()
    assert account_links(client.get(reverse("sources")).text) == {
        "admin": False,
        "learning": False,
        "login": True,
    }


def test_each_trainee_logs_out_with_their_own_token_under_the_cached_header(
    course, trainee_factory
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(trainee_factory("first"))
    second.force_login(trainee_factory("second"))
    first.get(course.get_absolute_url())  # the header is cached from here on
    page = second.get(course.get_absolute_url()).text
    logout_form = rf'action="{reverse("logout")}"><input type="hidden" [^>]*value="([^"]+)"'
    token = re.search(logout_form, page)
    assert token is not None
    second.post(reverse("logout"), {"csrfmiddlewaretoken": token[1]})
    assert second.get(reverse("courses:dashboard")).status_code == HTTPStatus.FOUND
    assert first.get(reverse("courses:dashboard")).status_code == HTTPStatus.OK


def test_a_flood_of_distinct_searches_leaves_public_pages_cached(
    client, article, django_assert_max_num_queries
):
    client.get(article.get_absolute_url())
    client.get(reverse("home"))
    for number in range(2000):
        assert client.get(reverse("search"), {"q": f"word{number}"}).status_code == HTTPStatus.OK
    for url in (article.get_absolute_url(), reverse("home")):
        with django_assert_max_num_queries(1):  # the content version only
            assert client.get(url).status_code == HTTPStatus.OK


def test_pages_with_any_query_string_cannot_push_out_the_sites_own_pages(
    client, article, django_assert_max_num_queries
):
    client.get(article.get_absolute_url())
    for number in range(2000):
        client.get(reverse("articles:article_list"), {"anything": number})
    with django_assert_max_num_queries(1):
        client.get(article.get_absolute_url())


def test_caches_are_sized_and_separate(settings):
    aliases = ("default", "search", "files")
    sizes = {alias: settings.CACHES[alias]["OPTIONS"]["MAX_ENTRIES"] for alias in aliases}
    assert sizes["default"] >= 2000
    assert sizes["search"] >= 100
    assert sizes["files"] >= 10
    assert len({settings.CACHES[alias]["LOCATION"] for alias in aliases}) == 3
    caches["search"].set("probe", 1)
    assert caches["default"].get("probe") is None  # three stores, not one


def test_a_card_pdf_is_rendered_once_whatever_host_and_port_asked_for_it(article):
    first = cards.cached_pdf(
        "principles", cards.principles_card, paper="A4", url="http://localhost:8000/cards/p/"
    )

    def render_again():
        pytest.fail("the PDF was rendered again for another host")

    again = cards.cached_pdf(
        "principles", render_again, paper="A4", url="http://127.0.0.1:8941/cards/p/"
    )
    assert again == first
