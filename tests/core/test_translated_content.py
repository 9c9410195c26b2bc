"""Translations in the fixtures: loaded beside the English, brought later to rows no editor has
changed, never over an editor's work, and written back by export_content."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import Article
from core.content import add_new_content, fingerprint
from core.content_export import ContentExporter
from core.models import LoadedItem

SOURCE = {"model": "core.source", "fields": {"slug": "s", "title": "Source"}}


def article_item(**translations):
    fields = {
        "title": "Neutrality",
        "slug": "neutrality",
        "kind": "explainer",
        "summary": "Taking no side.",
        "body": "See [the term](/glossary/neutrality/).",
        "status": "published",
        "published_at": "2026-01-15T09:00:00Z",
        "sources": [["s"]],
    }
    fields.update(translations)
    return {"model": "articles.article", "fields": fields}


FRENCH = {
    "title_fr": "Neutralité",
    "summary_fr": "Ne prendre aucun parti.",
    "body_fr": "Voir [le terme](/glossary/neutrality/).",
}
ARABIC = {"title_ar": "الحياد"}


def write(tmp_path, *items, name="content.json"):
    path = tmp_path / name
    path.write_text(json.dumps([SOURCE, *items], ensure_ascii=False), encoding="utf-8")
    return [path]


def test_translations_in_a_fixture_are_loaded_beside_the_english(db, tmp_path):
    add_new_content(write(tmp_path, article_item(**FRENCH, **ARABIC)))
    article = Article.objects.get()
    assert (article.title_en, article.title_fr, article.title_ar) == (
        "Neutrality",
        "Neutralité",
        "الحياد",
    )
    assert 'href="/fr/glossary/neutrality/"' in article.body_html_fr
    assert 'href="/glossary/neutrality/"' in article.body_html_en
    assert article.summary_ar is None  # not translated: the English shows


def test_the_plain_field_is_english_whatever_the_active_language(db, tmp_path):
    with translation.override("fr"):
        add_new_content(write(tmp_path, article_item()))
    article = Article.objects.get()
    assert (article.title_en, article.title_fr) == ("Neutrality", None)


def test_each_loaded_row_keeps_its_fingerprint(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    record = LoadedItem.objects.get(model="articles.article")
    assert record.fingerprint == fingerprint(Article.objects.get())


def test_translations_added_later_reach_rows_no_editor_changed(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    report = add_new_content(write(tmp_path, article_item(**FRENCH), name="later.json"))
    assert report.translated == {"articles.article": 1}
    assert report.added == {}
    article = Article.objects.get()
    assert (article.title_en, article.title_fr) == ("Neutrality", "Neutralité")
    assert 'href="/fr/glossary/neutrality/"' in article.body_html_fr
    assert LoadedItem.objects.get(model="articles.article").fingerprint == fingerprint(article)
    again = add_new_content(write(tmp_path, article_item(**FRENCH, **ARABIC), name="third.json"))
    assert again.translated == {"articles.article": 1}
    assert Article.objects.get().title_ar == "الحياد"


def test_a_row_an_editor_changed_keeps_the_editors_text(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    Article.objects.filter(slug="neutrality").update(title_en="Neutrality, as edited")
    report = add_new_content(write(tmp_path, article_item(**FRENCH), name="later.json"))
    assert report.translated == {}
    article = Article.objects.get()
    assert (article.title_en, article.title_fr) == ("Neutrality, as edited", None)


def test_an_editors_translation_is_never_overwritten(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    article = Article.objects.get()
    article.title_fr = "Neutralité (par la rédaction)"
    article.save()
    add_new_content(write(tmp_path, article_item(**FRENCH), name="later.json"))
    assert Article.objects.get().title_fr == "Neutralité (par la rédaction)"


def test_translations_of_english_the_row_does_not_hold_are_not_taken(db, tmp_path):
    """A release that rewrites the English and translates the new text: the row keeps the old
    English, so the translations would not match it."""
    add_new_content(write(tmp_path, article_item()))
    rewritten = article_item(**FRENCH)
    rewritten["fields"]["summary"] = "Taking no side, and being seen to take none."
    report = add_new_content(write(tmp_path, rewritten, name="later.json"))
    assert report.translated == {}
    assert Article.objects.get().title_fr is None


def test_rows_loaded_before_fingerprints_were_kept_take_translations(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    LoadedItem.objects.update(fingerprint="")
    report = add_new_content(write(tmp_path, article_item(**FRENCH), name="later.json"))
    assert report.translated == {"articles.article": 1}
    assert Article.objects.get().title_fr == "Neutralité"


def test_rows_loaded_before_fingerprints_were_kept_keep_an_editors_translation(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    LoadedItem.objects.update(fingerprint="")
    Article.objects.update(title_ar="عنوان المحرر")
    report = add_new_content(write(tmp_path, article_item(**FRENCH), name="later.json"))
    assert report.translated == {}
    assert Article.objects.get().title_fr is None


def test_a_deleted_item_is_not_brought_back_by_its_translations(db, tmp_path):
    add_new_content(write(tmp_path, article_item()))
    Article.objects.all().delete()
    report = add_new_content(write(tmp_path, article_item(**FRENCH), name="later.json"))
    assert (report.added, report.translated) == ({}, {})
    assert not Article.objects.exists()


def test_load_content_says_how_many_rows_took_translations(db, tmp_path, capsys):
    add_new_content(write(tmp_path, article_item()))
    (path,) = write(tmp_path, article_item(**FRENCH), name="later.json")
    call_command("load_content", str(path))
    assert "new translations for 1 × articles.article" in capsys.readouterr().out


def test_export_writes_each_translation_after_its_english_field(db, tmp_path):
    add_new_content(write(tmp_path, article_item(**ARABIC, **FRENCH)))
    items = ContentExporter(reference_dir=None).files()["23_explainers.json"]
    fields = items[0]["fields"]
    names = list(fields)
    assert names[names.index("title") : names.index("title") + 3] == [
        "title",
        "title_fr",
        "title_ar",
    ]
    assert fields["title"] == "Neutrality"
    assert fields["body_fr"] == FRENCH["body_fr"]
    assert "title_en" not in fields
    assert "summary_ar" not in fields  # not translated
    assert not any(name.startswith("body_html") for name in fields)


def test_export_writes_english_in_the_plain_fields_whatever_the_active_language(db, tmp_path):
    add_new_content(write(tmp_path, article_item(**FRENCH)))
    with translation.override("fr"):
        (item,) = ContentExporter(reference_dir=None).files()["23_explainers.json"]
    assert (item["fields"]["title"], item["fields"]["title_fr"]) == ("Neutrality", "Neutralité")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_exported_translations_load_back_the_same(db, tmp_path, language):
    # a slug the shipped fixtures do not have: export_content writes an item as they shape it
    add_new_content(write(tmp_path, article_item(**FRENCH, **ARABIC, slug="taking-no-side")))
    before = Article.objects.values_list(
        "title_en", "title_fr", "title_ar", "body_html_fr", "summary_ar"
    ).get()
    with translation.override(language):
        call_command("export_content", output=tmp_path / "out", verbosity=0)
    Article.objects.all().delete()
    LoadedItem.objects.all().delete()
    add_new_content(sorted((tmp_path / "out").glob("*.json")))
    after = Article.objects.values_list(
        "title_en", "title_fr", "title_ar", "body_html_fr", "summary_ar"
    ).get()
    assert after == before
