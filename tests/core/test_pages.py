import json
import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse


def test_home_shows_entry_points(client, article, term, course, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for url in (
        reverse("articles:dos_and_donts"),
        reverse("glossary:term_list"),
        reverse("courses:course_list"),
        reverse("articles:faq"),
    ):
        assert f'href="{url}' in html
    assert "Neutrality" in html
    assert "Foundations" in html


def test_unknown_page_gives_the_404_template(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_sources_page_lists_sources(client, source):
    response = client.get(reverse("sources"))
    assert response.status_code == HTTPStatus.OK
    assert "Dos and Don&#x27;ts" in response.content.decode()


def test_healthz_answers_ok_with_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    """A real process pointed at a database file it cannot open."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diplomacy_portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing-folder/portal.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert body == {"status": "unavailable"}


@pytest.mark.parametrize(
    "name",
    ["home", "sources", "articles:article_list", "glossary:term_list", "courses:course_list"],
)
def test_pages_declare_language_and_one_h1(client, db, name):
    html = client.get(reverse(name)).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert html.count("<h1") == 1
    assert 'href="#content"' in html
