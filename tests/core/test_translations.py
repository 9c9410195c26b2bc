"""Content in English, French and Arabic: the columns, the fallback to English, Markdown
rendered per language, heading ids, and the migration that keeps what a database held."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from articles.models import Article
from core.content import fixture_paths
from core.content_languages import complete_languages, missing_fields
from core.markdown import heading_slug, render_markdown
from core.templatetags.portal import Outline
from courses.models import Lesson
from glossary.models import Term

LANGUAGES = ("en", "fr", "ar")


def test_the_content_languages_are_english_french_and_arabic():
    assert tuple(settings.MODELTRANSLATION_LANGUAGES) == LANGUAGES
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == "en"
    assert settings.INSTALLED_APPS.index("modeltranslation") < settings.INSTALLED_APPS.index(
        "django.contrib.admin"
    )


@pytest.mark.parametrize(
    ("label", "fields"),
    [
        ("core.source", ["title", "note"]),
        ("articles.article", ["title", "summary", "body", "body_html"]),
        ("glossary.term", ["term", "aliases", "short_definition", "definition", "definition_html"]),
        ("courses.course", ["title", "summary", "description", "description_html"]),
        ("courses.lesson", ["title", "summary", "body", "body_html"]),
        ("courses.objective", ["text", "section"]),
        ("courses.quiz", ["title", "introduction"]),
        ("courses.question", ["situation", "prompt", "explanation", "explanation_html"]),
        ("courses.choice", ["text", "feedback"]),
        ("scenarios.scenario", ["title", "summary", "briefing", "briefing_html"]),
        ("scenarios.decisionpoint", ["title", "counterpart", "stakes", "situation"]),
        ("scenarios.ending", ["title", "outcome", "outcome_html"]),
        ("scenarios.scenariochoice", ["text", "debrief_note", "debrief_note_html"]),
    ],
)
def test_each_translated_field_has_a_column_per_language(label, fields):
    from django.apps import apps

    model = apps.get_model(label)
    names = {f.name for f in model._meta.get_fields()}
    for name in fields:
        assert {f"{name}_{code}" for code in LANGUAGES} <= names, name


def test_a_field_reads_the_active_language_and_falls_back_to_english(article):
    article.title_fr = "Neutralité"
    article.save()
    article = Article.objects.get(pk=article.pk)
    with translation.override("fr"):
        assert article.title == "Neutralité"
    with translation.override("ar"):
        assert article.title == "Neutrality"
    assert article.title == "Neutrality"


def test_natural_keys_find_rows_whatever_the_language(article, course):
    with translation.override("fr"):
        assert Article.objects.get_by_natural_key("neutrality") == article
        lesson = Lesson.objects.get_by_natural_key("foundations", "lesson-1")
    assert lesson.natural_key() == ("foundations", "lesson-1")


def test_each_language_is_rendered_into_its_own_html_column(article):
    article.body_fr = "Voir [la neutralité](/glossary/neutrality/) et *ceci*."
    article.body_ar = "انظر [الحياد](/glossary/neutrality/)."
    article.save()
    article.refresh_from_db()
    assert "<em>ceci</em>" in article.body_html_fr
    assert 'href="/fr/glossary/neutrality/"' in article.body_html_fr
    assert 'href="/ar/glossary/neutrality/"' in article.body_html_ar
    assert article.body_html_en == "<p>Some <strong>body</strong> text.</p>"
    with translation.override("fr"):
        assert article.body_html == article.body_html_fr


def test_a_translation_removed_falls_back_to_the_english_html(article):
    article.body_fr = "Texte."
    article.save()
    article.body_fr = ""
    article.save()
    article.refresh_from_db()
    assert article.body_html_fr == ""
    with translation.override("fr"):
        assert article.body_html == article.body_html_en


@pytest.mark.parametrize(
    ("href", "french"),
    [
        ("/glossary/neutrality/", "/fr/glossary/neutrality/"),
        ("/articles/humanity/#section-why", "/fr/articles/humanity/#section-why"),
        ("/fr/glossary/neutrality/", "/fr/glossary/neutrality/"),
        ("/static/css/portal.css", "/static/css/portal.css"),
        ("/admin/", "/admin/"),
        ("https://example.org/x/", "https://example.org/x/"),
        ("//example.org/x/", "//example.org/x/"),
        ("#why", "#section-why"),
    ],
)
def test_site_links_get_the_language_prefix(href, french):
    text = f"[link]({href})"
    assert f'href="{french}"' in render_markdown(text, language="fr")
    english = render_markdown(text, language="en")
    assert english == render_markdown(text)
    assert f'href="{french if href.startswith("#") else href}"' in english


def test_english_heading_ids_are_what_they_were():
    """Every heading of the shipped content in Latin letters (English and French) keeps the id
    Django's slugify gave it."""
    headings = []
    for path in fixture_paths():
        for item in json.loads(path.read_text(encoding="utf-8")):
            for name, value in item["fields"].items():
                if isinstance(value, str) and not name.endswith("_ar"):
                    headings += re.findall(r"^#{2,4} +(.+)$", value, flags=re.MULTILINE)
    assert len(headings) > 50
    for heading in headings + ["Règles", "Ça va – “quoted”", "café"]:
        assert heading_slug(heading) == slugify(heading), heading


def test_arabic_headings_get_ids_of_their_own():
    html = render_markdown("## القواعد\n\nنص.\n\n## الحياد\n\nنص.", language="ar")
    headings = Outline(html).headings
    assert [h.id for h in headings] == ["section-القواعد", "section-الحياد"]
    assert heading_slug("قانون IHL") == "قانون-ihl"


def test_missing_and_complete_languages(term):
    assert complete_languages(term) == ["en"]
    assert set(missing_fields(term, "fr")) == {"term", "aliases", "short_definition", "definition"}
    for field in ("term", "aliases", "short_definition", "definition"):
        setattr(term, f"{field}_fr", f"{field} fr")
    term.save()
    assert complete_languages(Term.objects.get(pk=term.pk)) == ["en", "fr"]


def test_untranslated_terms_do_not_clash_on_their_unique_name(make_term):
    make_term(term="Neutrality", slug="neutrality", short_definition="x")
    make_term(term="Impartiality", slug="impartiality", short_definition="y")
    assert set(Term.objects.values_list("term_fr", flat=True)) == {None}


BEFORE_AND_AFTER = """
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

BEFORE = [("core", "0003_relabel"), ("articles", "0001_initial"), ("glossary", "0001_initial"),
          ("courses", "0009_objective_section"), ("scenarios", "0001_initial")]
call_command("migrate", interactive=False, verbosity=0)
for app, name in reversed(BEFORE):
    call_command("migrate", app, name, interactive=False, verbosity=0)
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
source = old.get_model("core", "Source").objects.create(slug="s", title="Old source", note="A note")
old.get_model("articles", "Article").objects.create(
    slug="a", title="Old title", kind="explainer", summary="Old summary", body="Old *body*",
    body_html="<p>Old <em>body</em></p>")
old.get_model("glossary", "Term").objects.create(
    slug="t", term="Old term", short_definition="Short", definition="Def",
    definition_html="<p>Def</p>")
course = old.get_model("courses", "Course").objects.create(
    slug="c", title="Old course", summary="S", description="D", description_html="<p>D</p>")
lesson = old.get_model("courses", "Lesson").objects.create(
    course=course, slug="l", title="Old lesson", position=1, body="## Part\\n\\nText",
    body_html="<h2>Part</h2>")
old.get_model("courses", "Objective").objects.create(
    lesson=lesson, position=1, text="Do it", section="Part")
call_command("migrate", interactive=False, verbosity=0)

from articles.models import Article
from core.models import Source
from courses.models import Lesson, Objective
from glossary.models import Term
report = {}
for language in ("en", "fr"):
    with translation.override(language):
        article, term = Article.objects.get(slug="a"), Term.objects.get(slug="t")
        lesson, objective = Lesson.objects.get(slug="l"), Objective.objects.get()
        report[language] = [Source.objects.get(slug="s").title, Source.objects.get(slug="s").note,
            article.title, article.summary, article.body, article.body_html, term.term,
            term.definition_html, lesson.title, lesson.body_html, objective.text, objective.section]
report["columns"] = [article.title_en, article.title_fr, article.body_html_en, term.term_fr]
print(json.dumps(report))
"""


def test_a_database_migrated_to_translations_reads_the_same(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"PORTAL_ENV", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="diplomacy_portal.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'before.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", BEFORE_AND_AFTER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    expected = ["Old source", "A note", "Old title", "Old summary", "Old *body*",
                "<p>Old <em>body</em></p>", "Old term", "<p>Def</p>", "Old lesson",
                "<h2>Part</h2>", "Do it", "Part"]  # fmt: skip
    assert report["en"] == expected
    assert report["fr"] == expected  # no French yet: the English shows
    assert report["columns"] == ["Old title", None, "<p>Old <em>body</em></p>", None]
