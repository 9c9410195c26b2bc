"""export_content writes the database's content back to fixtures that load to the same content."""

import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import transaction

from articles.models import Article
from core.content import add_new_content, fixture_paths
from core.content_export import export_content, exported_models
from core.models import Source
from courses.models import Course, Lesson, Objective, Question

CONTENT_MODELS = exported_models()
# Children before parents; protected references before what they protect.
DELETION_ORDER = [
    "scenarios.scenariochoice",
    "scenarios.decisionpoint",
    "scenarios.ending",
    "scenarios.scenario",
    "courses.choice",
    "courses.question",
    "courses.quiz",
    "courses.taggedlesson",
    "courses.objective",
    "courses.lesson",
    "courses.course",
    "articles.taggedarticle",
    "articles.article",
    "glossary.term",
    "taggit.tag",
    "core.source",
    "core.loadeditem",
]


def snapshot():
    """All content, keyed by model and natural key: every field (rendered HTML included) but
    the timestamps, with references as natural keys and many-to-many links as sets."""
    content = {}
    for model in CONTENT_MODELS:
        objects = list(model.objects.all())
        links = {f.name for f in model._meta.many_to_many}
        items = serializers.serialize(
            "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        for obj, item in zip(objects, items, strict=True):
            fields = {
                name: sorted(map(tuple, value)) if name in links else value
                for name, value in item["fields"].items()
                if name not in {"created_at", "updated_at"}
            }
            content[(item["model"], tuple(obj.natural_key()))] = fields
    return content


def empty_the_content():
    for label in DELETION_ORDER:
        apps.get_model(label).objects.all().delete()
    assert not any(model.objects.exists() for model in CONTENT_MODELS)


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The real fixtures, loaded once for this module (loading takes seconds) inside a
    transaction that is rolled back at the end; each test's own changes roll back sooner."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_content", verbosity=0)
        yield snapshot()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(loaded_once, db):
    return loaded_once


def test_every_model_in_the_fixtures_is_exported():
    labels = {
        item["model"]
        for path in fixture_paths()
        for item in json.loads(path.read_text(encoding="utf-8"))
    }
    assert labels <= {model._meta.label_lower for model in CONTENT_MODELS}


def test_export_writes_one_file_per_area_like_fixtures(loaded, tmp_path):
    call_command("export_content", output=tmp_path, verbosity=0)
    assert [p.name for p in fixture_paths(tmp_path)] == [p.name for p in fixture_paths()]


def test_export_writes_fixture_format(loaded, tmp_path):
    call_command("export_content", output=tmp_path, verbosity=0)
    text = (tmp_path / "10_glossary.json").read_text(encoding="utf-8")
    items = json.loads(text)
    assert text.startswith('[\n  {\n    "model": "glossary.term",\n    "fields": {\n')
    assert all(set(item) == {"model", "fields"} for item in items)
    assert "definition_html" not in items[0]["fields"]
    assert "created_at" not in items[0]["fields"]
    assert "é" in (tmp_path / "00_sources.json").read_text(encoding="utf-8")  # not \u00e9


def test_export_of_the_loaded_fixtures_gives_back_every_fixture_item(loaded, tmp_path):
    """Same items in the same files and order, the same values; lists keep the fixtures' order
    (an article also lists the articles that name it: related articles go both ways)."""
    call_command("export_content", output=tmp_path, verbosity=0)
    for path in fixture_paths():
        original = json.loads(path.read_text(encoding="utf-8"))
        exported = json.loads((tmp_path / path.name).read_text(encoding="utf-8"))
        assert [i["model"] for i in exported] == [i["model"] for i in original], path.name
        for before, after in zip(original, exported, strict=True):
            assert list(after["fields"]) == list(before["fields"])
            for name, value in before["fields"].items():
                if name == "related_articles":
                    assert after["fields"][name][: len(value)] == value
                else:
                    assert after["fields"][name] == value, (path.name, name)


def test_exported_content_loads_into_an_empty_database_unchanged(loaded, tmp_path):
    article = Article.objects.get(slug="humanity")
    article.title = "Humanity — revised by an editor"
    article.body += "\n\nA paragraph the editor *added*."
    article.save()
    article.tags.add("editors-choice")
    article.related_articles.add(Article.objects.get(slug="case-black-sea-initiative"))
    lesson = Lesson.objects.order_by("pk").first()
    Lesson.objects.create(
        course=lesson.course, title="A new lesson", slug="a-new-lesson", position=99, body="New."
    ).sources.add(Source.objects.first())
    Question.objects.filter(pk=Question.objects.order_by("pk").first().pk).update(position=77)
    before = snapshot()
    assert before != loaded

    paths = [str(p) for p in _export(tmp_path)]
    empty_the_content()
    call_command("load_content", *paths, verbosity=0)

    after = snapshot()
    assert after.keys() == before.keys()
    for key, fields in before.items():
        assert after[key] == fields, key
    revised = Article.objects.get(slug="humanity")
    assert revised.title == "Humanity — revised by an editor"
    assert "<em>added</em>" in revised.body_html
    assert "editors-choice" in revised.tags.names()


def _export(directory):
    call_command("export_content", output=directory, verbosity=0)
    return fixture_paths(directory)


def test_export_is_deterministic(loaded, tmp_path):
    first = {p.name: p.read_text(encoding="utf-8") for p in _export(tmp_path / "one")}
    second = {p.name: p.read_text(encoding="utf-8") for p in _export(tmp_path / "two")}
    assert first == second


def test_new_course_gets_a_file_of_its_own(loaded, tmp_path):
    Course.objects.create(title="New", slug="new-course", summary="S.", description="D.")
    names = [p.name for p in _export(tmp_path)]
    assert "39_course_new-course.json" in names


def test_export_refuses_to_overwrite_without_replace(loaded, tmp_path):
    _export(tmp_path)
    with pytest.raises(CommandError, match="--replace"):
        call_command("export_content", output=tmp_path, verbosity=0)


def test_replace_removes_files_of_deleted_content(loaded, tmp_path):
    _export(tmp_path)
    (tmp_path / "99_stale.json").write_text("[]", encoding="utf-8")
    call_command("export_content", output=tmp_path, replace=True, verbosity=0)
    assert not (tmp_path / "99_stale.json").exists()
    assert (tmp_path / "00_sources.json").exists()


# Objectives and the question fields that point to them, on small content of their own (a
# course "c", beside the fixtures when the tests above have loaded them).


def course_items(*, objective_of_question=("c", "one", 1)):
    lesson = {"course": ["c"], "title": "One", "slug": "one", "position": 1, "body": "B."}
    question = {
        "quiz": ["c", "q"],
        "position": 1,
        "kind": "single",
        "situation": "At a checkpoint, a commander asks for a share of the relief.",
        "prompt": "What should you do?",
        "objective": list(objective_of_question),
        "explanation": "",
    }
    return [
        {"model": "core.source", "fields": {"slug": "s", "title": "Source"}},
        {"model": "taggit.tag", "fields": {"name": "access", "slug": "access"}},
        {
            "model": "courses.course",
            "fields": {"title": "C", "slug": "c", "summary": "S.", "description": "D."},
        },
        {"model": "courses.lesson", "fields": {**lesson, "sources": [["s"]]}},
        {
            "model": "courses.taggedlesson",
            "fields": {"content_object": ["c", "one"], "tag": ["access"]},
        },
        {
            "model": "courses.objective",
            "fields": {"lesson": ["c", "one"], "position": 1, "text": "refuse a price for access"},
        },
        {
            "model": "courses.objective",
            "fields": {"lesson": ["c", "one"], "position": 2, "text": "say why"},
        },
        {"model": "courses.quiz", "fields": {"course": ["c"], "title": "Q", "slug": "q"}},
        {"model": "courses.question", "fields": question},
        {
            "model": "courses.choice",
            "fields": {
                "question": ["c", "q", 1],
                "position": 1,
                "text": "Refuse and explain",
                "is_correct": True,
                "feedback": "Right.",
            },
        },
        {
            "model": "courses.choice",
            "fields": {
                "question": ["c", "q", 1],
                "position": 2,
                "text": "Pay the price quietly",
                "is_correct": False,
                "feedback": "Wrong: it buys one convoy and sells the next.",
            },
        },
    ]


def test_objectives_follow_their_lessons_tags_and_questions_name_them(db, tmp_path):
    add_new_content(write_items(tmp_path / "in" / "30_course_c.json", course_items()))
    exported = {p.name: p for p in _export_from(tmp_path / "in", tmp_path / "out")}
    items = json.loads(exported["30_course_c.json"].read_text(encoding="utf-8"))
    assert [item["model"] for item in items] == [
        "courses.course",
        "courses.lesson",
        "courses.taggedlesson",
        "courses.objective",
        "courses.objective",
        "courses.quiz",
        "courses.question",
        "courses.choice",
        "courses.choice",
    ]
    assert items[3]["fields"] == {
        "lesson": ["c", "one"],
        "position": 1,
        "text": "refuse a price for access",
    }
    question = items[6]["fields"]
    assert question["objective"] == ["c", "one", 1]
    assert question["situation"].startswith("At a checkpoint")


def test_course_items_with_objectives_export_as_they_were_written(db, tmp_path):
    written = course_items()
    source = write_items(tmp_path / "in" / "30_course_c.json", written)
    add_new_content(source)
    exported = {p.name: p for p in _export_from(tmp_path / "in", tmp_path / "out")}
    items = json.loads(exported["30_course_c.json"].read_text(encoding="utf-8"))
    kept = {"courses.objective", "courses.question", "courses.choice"}
    assert [item for item in items if item["model"] in kept] == [
        item for item in written if item["model"] in kept
    ]


def test_a_question_written_before_objectives_keeps_its_shape(db, tmp_path):
    written = course_items()
    question = next(item for item in written if item["model"] == "courses.question")
    del question["fields"]["situation"], question["fields"]["objective"]
    add_new_content(write_items(tmp_path / "in" / "30_course_c.json", written))
    exported = {p.name: p for p in _export_from(tmp_path / "in", tmp_path / "out")}
    items = json.loads(exported["30_course_c.json"].read_text(encoding="utf-8"))
    assert next(i for i in items if i["model"] == "courses.question") == question


def test_an_objective_an_editor_deleted_leaves_its_questions_loadable(db, tmp_path):
    add_new_content(write_items(tmp_path / "first.json", course_items()[:7]))
    Objective.objects.filter(lesson__course__slug="c", position=1).delete()
    report = add_new_content(write_items(tmp_path / "all.json", course_items()))
    assert report.added["courses.question"] == 1
    question = Question.objects.get(quiz__course__slug="c")
    assert question.objective is None
    assert question.situation.startswith("At a checkpoint")


def test_a_question_naming_another_objective_is_loaded_with_it(db, tmp_path):
    items = course_items(objective_of_question=("c", "one", 2))
    add_new_content(write_items(tmp_path / "all.json", items))
    assert Question.objects.get(quiz__course__slug="c").objective.text == "say why"


def write_items(path, items):
    """Write ``items`` as a course file, with their source and tag in files of their own as
    fixtures/ has them; the paths of the three files, in loading order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shared = {"core.source": "00_sources.json", "taggit.tag": "01_tags.json"}
    for model, name in shared.items():
        chosen = [item for item in items if item["model"] == model]
        (path.parent / name).write_text(json.dumps(chosen), encoding="utf-8")
    own = [item for item in items if item["model"] not in shared]
    path.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    return [path.parent / name for name in shared.values()] + [path]


def _export_from(reference, directory):
    return export_content(directory, reference_dir=reference)
