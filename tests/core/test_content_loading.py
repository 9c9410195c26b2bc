import json

import pytest
from django.core.management import call_command

from articles.models import Article
from core.content import add_new_content, fixture_paths
from core.models import LoadedItem, Source


def write_fixture(path, items):
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


SOURCE = {"model": "core.source", "fields": {"slug": "s", "title": "Source"}}


def article_item(slug, title, body="Body."):
    return {
        "model": "articles.article",
        "fields": {
            "slug": slug,
            "title": title,
            "kind": "explainer",
            "summary": "Summary.",
            "body": body,
            "status": "published",
            "published_at": "2026-01-15T09:00:00Z",
            "sources": [["s"]],
        },
    }


@pytest.fixture
def fixture_file(tmp_path):
    return write_fixture(tmp_path / "content.json", [SOURCE, article_item("one", "One")])


def test_loading_adds_items_and_renders_markdown(db, fixture_file):
    report = add_new_content([fixture_file])
    assert report.added == {"core.source": 1, "articles.article": 1}
    article = Article.objects.get(slug="one")
    assert article.body_html == "<p>Body.</p>"
    assert list(article.sources.values_list("slug", flat=True)) == ["s"]


def test_loading_twice_adds_nothing(db, fixture_file):
    add_new_content([fixture_file])
    report = add_new_content([fixture_file])
    assert report.total_added == 0
    assert Article.objects.count() == 1
    assert Source.objects.count() == 1


def test_an_editors_change_survives_a_reload(db, fixture_file):
    add_new_content([fixture_file])
    Article.objects.filter(slug="one").update(title="Edited by an editor")
    add_new_content([fixture_file])
    assert Article.objects.get(slug="one").title == "Edited by an editor"


def test_an_item_an_editor_deleted_is_not_brought_back(db, fixture_file):
    add_new_content([fixture_file])
    Article.objects.filter(slug="one").delete()
    report = add_new_content([fixture_file])
    assert report.total_added == 0
    assert not Article.objects.filter(slug="one").exists()


def test_items_new_in_the_fixtures_are_added(db, fixture_file, tmp_path):
    add_new_content([fixture_file])
    Article.objects.filter(slug="one").update(title="Edited")
    grown = write_fixture(
        tmp_path / "content.json", [SOURCE, article_item("one", "One"), article_item("two", "Two")]
    )
    report = add_new_content([grown])
    assert report.added == {"articles.article": 1}
    assert Article.objects.get(slug="one").title == "Edited"
    assert Article.objects.get(slug="two").title == "Two"


def test_a_broken_fixture_adds_nothing(db, tmp_path):
    broken = write_fixture(
        tmp_path / "broken.json",
        [SOURCE, article_item("one", "One"), {"model": "articles.article", "fields": {}}],
    )
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll everything back
        add_new_content([broken])
    assert not Source.objects.exists()
    assert not LoadedItem.objects.exists()


def test_shipped_fixtures_contain_no_users_or_passwords():
    for path in fixture_paths():
        text = path.read_text(encoding="utf-8")
        for item in json.loads(text):
            assert not item["model"].startswith(("auth.", "accounts.user", "sessions."))
        assert "password" not in text.lower()
        assert '"pk"' not in text


def test_loaddata_of_shipped_fixtures_twice_changes_nothing(db):
    paths = [str(path) for path in fixture_paths()]
    call_command("loaddata", *paths, verbosity=0)
    first = {a.slug: (a.title, a.body_html) for a in Article.objects.all()}
    counts = Article.objects.count(), Source.objects.count()
    call_command("loaddata", *paths, verbosity=0)
    assert {a.slug: (a.title, a.body_html) for a in Article.objects.all()} == first
    assert (Article.objects.count(), Source.objects.count()) == counts


def test_load_content_command_twice_changes_nothing(db):
    call_command("load_content", verbosity=0)
    counts = Article.objects.count(), LoadedItem.objects.count()
    assert counts[1] > 0
    call_command("load_content", verbosity=0)
    assert (Article.objects.count(), LoadedItem.objects.count()) == counts
