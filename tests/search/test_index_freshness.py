"""The index follows the content: admin saves and deletes, actions, fixtures, and a rebuild."""

import json
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import Status
from search import api as search
from search.models import SearchEntry


def found(text, **kwargs):
    return [hit.title for hit in search.search(text, **kwargs)[0:50]]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def article_form(article, source, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "position": article.position,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "tags": "",
        "sources": [source.pk],
    }
    return {**data, **changes}


def test_an_admin_edit_is_searchable_at_once(admin_client, article, source):
    assert found("neutrality") == ["Neutrality"]
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(article, source, title="Impartial help", body="Help by need alone."),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert found("impartial") == ["Impartial help"]
    assert found("need") == ["Impartial help"]
    assert found("neutrality") == []


def test_tags_set_in_the_admin_are_searchable(admin_client, article, source):
    admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(article, source, tags="zebra crossings"),
    )
    assert found("zebra") == ["Neutrality"]


def test_an_admin_delete_removes_the_entry(admin_client, article):
    response = admin_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert found("neutrality") == []
    assert not SearchEntry.objects.exists()


def test_setting_an_article_to_draft_in_the_admin_hides_it(admin_client, article, source):
    admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(article, source, status=Status.DRAFT),
    )
    assert found("neutrality") == []


def test_publish_and_unpublish_actions_update_the_index(admin_client, draft_article):
    changelist = reverse("admin:articles_article_changelist")
    admin_client.post(changelist, {"action": "publish", "_selected_action": [draft_article.pk]})
    assert found("unfinished") == ["Unfinished"]
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [draft_article.pk]})
    assert found("unfinished") == []


def test_an_alias_added_in_the_admin_finds_the_term(admin_client, term, source):
    response = admin_client.post(
        reverse("admin:glossary_term_change", args=[term.pk]),
        {
            "term": term.term,
            "slug": term.slug,
            "aliases": "IHL, laws of war",
            "short_definition": term.short_definition,
            "definition": term.definition,
            "sources": [source.pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert found("laws of war") == ["International humanitarian law"]


def test_a_term_deleted_in_the_admin_is_gone(admin_client, term):
    admin_client.post(reverse("admin:glossary_term_delete", args=[term.pk]), {"post": "yes"})
    assert found("IHL") == []


def test_lessons_follow_their_course_into_and_out_of_publication(course):
    assert found("lesson") == ["Lesson 1", "Lesson 2"]
    course.status = Status.DRAFT
    course.save()
    assert found("lesson") == []
    course.status = Status.PUBLISHED
    course.save()
    assert found("lesson") == ["Lesson 1", "Lesson 2"]


def test_renaming_a_course_updates_its_lessons_context(course):
    course.title = "Basics"
    course.save()
    assert {hit.context for hit in search.search("lesson")[0:10]} == {"Basics"}


def test_deleting_a_course_removes_its_lessons(course):
    course.delete()
    assert not SearchEntry.objects.filter(kind="lesson").exists()


FIXTURE = [
    {
        "model": "courses.course",
        "fields": {
            "title": "Loaded course",
            "slug": "loaded-course",
            "summary": "From a fixture.",
            "description": "Loaded.",
            "status": "published",
            "published_at": "2026-01-01T00:00:00Z",
        },
    },
    {
        "model": "courses.lesson",
        "fields": {
            "course": ["loaded-course"],
            "title": "Quokka lesson",
            "slug": "quokka-lesson",
            "position": 1,
            "body": "Quokkas negotiate.",
            "sources": [["nrc"]],
        },
    },
    {
        "model": "articles.article",
        "fields": {
            "title": "Quokka article",
            "slug": "quokka-article",
            "kind": "explainer",
            "summary": "Loaded from a fixture.",
            "body": "## Quokkas\n\nQuokkas in *Markdown*.",
            "status": "published",
            "published_at": "2026-01-01T00:00:00Z",
            "sources": [["nrc"]],
        },
    },
    {"model": "taggit.tag", "fields": {"name": "marsupials", "slug": "marsupials"}},
    {
        "model": "articles.taggedarticle",
        "fields": {"content_object": ["quokka-article"], "tag": ["marsupials"]},
    },
    {
        "model": "glossary.term",
        "fields": {
            "term": "Quokka diplomacy",
            "slug": "quokka-diplomacy",
            "aliases": "QD",
            "short_definition": "Smiling through talks.",
            "definition": "Diplomacy with a smile.",
            "sources": [["nrc"]],
        },
    },
]


def test_loading_fixtures_indexes_what_they_add(source, tmp_path):
    """Fixture objects are saved raw; the index reads them back from the database."""
    path = tmp_path / "quokkas.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    call_command("loaddata", path, verbosity=0)
    assert set(found("quokka")) == {"Quokka diplomacy", "Quokka article", "Quokka lesson"}
    assert found("marsupials") == ["Quokka article"]
    assert found("QD") == ["Quokka diplomacy"]
    (lesson,) = search.search("quokka", kind="lesson")[0:1]
    assert lesson.context == "Loaded course"


def test_the_content_loader_indexes_what_it_adds(source, tmp_path):
    path = tmp_path / "quokkas.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    call_command("load_content", path, verbosity=0)
    assert set(found("quokka")) == {"Quokka diplomacy", "Quokka article", "Quokka lesson"}


def test_rebuild_command_restores_a_lost_index(article, term, course, capsys):
    SearchEntry.objects.all().delete()  # a bulk delete: no signals, the engine index is stale
    assert found("neutrality") == []
    call_command("rebuild_search_index")
    assert "Search index rebuilt: 4 entries." in capsys.readouterr().out
    assert found("neutrality") == ["Neutrality"]
    assert found("IHL") == ["International humanitarian law"]
    assert found("lesson") == ["Lesson 1", "Lesson 2"]
