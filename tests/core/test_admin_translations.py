"""The admin of translated content: English in the plain fields, each translation beside it,
saved without JavaScript; which languages each item is complete in; items missing one."""

import re
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from model_bakery import baker

from articles.models import Article
from core.templatetags.portal import outline
from courses.models import Objective
from tests.scenarios.test_admin import form_data
from tests.scenarios.test_runs import build_scenario


@pytest.fixture
def editor(client, superuser):
    client.force_login(superuser)
    return client


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def objects(article, term, course):
    lesson = course.lessons.get(position=1)
    quiz = baker.make("courses.Quiz", course=course, slug="q", title="Check", after_lesson=lesson)
    question = baker.make("courses.Question", quiz=quiz, position=1, prompt="Why?")
    baker.make("courses.Choice", question=question, position=1, text="Yes", is_correct=True)
    baker.make("courses.Choice", question=question, position=2, text="No")
    scenario = build_scenario()
    scenario.sources.add(article.sources.get())  # the scenario's form requires one
    return {
        "source": (article.sources.get(), "title"),
        "article": (article, "title"),
        "term": (term, "term"),
        "course": (course, "title"),
        "lesson": (lesson, "body"),
        "quiz": (quiz, "title"),
        "question": (question, "prompt"),
        "scenario": (scenario, "briefing"),
        "point": (scenario.decision_points.first(), "situation"),
    }


KINDS = ["source", "article", "term", "course", "lesson", "quiz", "question", "scenario", "point"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_change_form_has_english_in_the_plain_field_and_each_translation(editor, objects, kind):
    obj, field = objects[kind]
    html = editor.get(change_url(obj)).content.decode()
    assert f'name="{field}"' in html
    assert f'name="{field}_fr"' in html
    assert f'name="{field}_ar"' in html
    assert f'name="{field}_en"' not in html
    arabic = re.search(rf'<(?:input|textarea)[^>]*name="{field}_ar"[^>]*>', html).group()
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic


@pytest.mark.parametrize("kind", KINDS)
def test_a_translation_saves_through_the_admin_without_javascript(editor, objects, kind):
    obj, field = objects[kind]
    opts = obj._meta
    html = editor.get(change_url(obj)).content.decode()
    data = form_data(html, f"{opts.model_name}_form")
    english = data[field]
    data[f"{field}_fr"] = ["Texte en français"]
    data[f"{field}_ar"] = ["نص بالعربية"]
    response = editor.post(change_url(obj), data)
    assert response.status_code == HTTPStatus.FOUND, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
        response.context["adminform"].form.non_field_errors(),
    )
    obj.refresh_from_db()
    assert getattr(obj, f"{field}_fr") == "Texte en français"
    assert getattr(obj, f"{field}_ar") == "نص بالعربية"
    assert [getattr(obj, f"{field}_en")] == english
    if f"{field}_html" in {f.name for f in opts.get_fields()}:
        assert getattr(obj, f"{field}_html_fr") == "<p>Texte en français</p>"


def test_the_plain_field_is_english_in_an_admin_shown_in_french(superuser, article):
    article.title_fr = "Neutralité"
    article.save()
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site.get_model_admin(Article)
    with translation.override("fr"):
        form_class = model_admin.get_form(request, article)
        assert form_class(instance=article).initial["title"] == "Neutrality"
        data = dict(form_class(instance=article).initial)
        data.update(
            title="Neutrality, revised",
            title_fr="Neutralité, revue",
            sources=[s.pk for s in article.sources.all()],
            published_at_0="2026-01-01",
            published_at_1="09:00:00",
            tags="",
            related_articles=[],
        )
        form = form_class(data, instance=article)
        assert form.is_valid(), form.errors
        form.save()
    article.refresh_from_db()
    assert (article.title_en, article.title_fr) == ("Neutrality, revised", "Neutralité, revue")


def test_the_change_list_says_which_languages_each_item_is_complete_in(editor, make_article):
    make_article(title="English only", slug="english-only")
    make_article(
        title="Both",
        slug="both",
        title_fr="Les deux",
        summary="S",
        summary_fr="S fr",
        body="B",
        body_fr="B fr",
    )
    html = editor.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Complete in" in html
    rows = {
        slug: row
        for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S)
        for slug in ("english-only", "both")
        if f"/{Article.objects.get(slug=slug).pk}/change/" in row
    }
    assert re.search(r'class="field-complete_in">English</td>', rows["english-only"])
    assert re.search(r'class="field-complete_in">English, French</td>', rows["both"])


def test_the_change_list_filters_items_missing_a_translation(editor, make_article):
    make_article(title="English only", slug="english-only")
    make_article(title="Both", slug="both", title_fr="Les deux", summary="", body="B", body_fr="B")
    url = reverse("admin:articles_article_changelist")
    html = editor.get(url).content.decode()
    assert "By missing translation" in html and "French" in html and "Arabic" in html
    french = editor.get(url, {"missing_translation": "fr"}).context["cl"].result_list
    arabic = editor.get(url, {"missing_translation": "ar"}).context["cl"].result_list
    assert [a.slug for a in french] == ["english-only"]
    assert sorted(a.slug for a in arabic) == ["both", "english-only"]


SECTIONED = "Intro.\n\n## Red lines\n\nText.\n"
FRENCH_SECTIONED = "Intro.\n\n## Lignes rouges\n\nTexte.\n"


@pytest.fixture
def lesson_with_objective(course):
    lesson = course.lessons.get(position=1)
    lesson.body, lesson.body_fr = SECTIONED, FRENCH_SECTIONED
    lesson.save()
    Objective.objects.create(lesson=lesson, position=1, text="Hold a line", section="Red lines")
    return lesson


def lesson_data(editor, lesson, **sections):
    data = form_data(editor.get(change_url(lesson)).content.decode(), "lesson_form")
    for field, value in sections.items():
        data[f"objectives-0-{field}"] = [value]
    return data


def test_a_french_section_names_a_heading_of_the_french_body(editor, lesson_with_objective):
    lesson = lesson_with_objective
    data = lesson_data(editor, lesson, section_fr="lignes  ROUGES")
    response = editor.post(change_url(lesson), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    objective = lesson.objectives.get()
    assert (objective.section_en, objective.section_fr) == ("Red lines", "Lignes rouges")
    with translation.override("fr"):
        assert objective.section_id == "section-lignes-rouges"
    assert objective.section_id == "section-red-lines"


def test_a_french_section_the_french_body_has_no_heading_for_is_refused(
    editor, lesson_with_objective
):
    lesson = lesson_with_objective
    data = lesson_data(editor, lesson, section_fr="Red lines")
    response = editor.post(change_url(lesson), data)
    assert response.status_code == HTTPStatus.OK
    assert "This lesson has no section headed “Red lines”. Its sections are: “Lignes rouges”." in (
        response.content.decode()
    )
    assert lesson.objectives.get().section_fr is None


def test_an_arabic_section_links_to_its_arabic_heading(lesson_with_objective):
    lesson = lesson_with_objective
    lesson.body_ar = "مقدمة.\n\n## الخطوط الحمراء\n\nنص.\n"
    lesson.save()
    objective = lesson.objectives.get()
    objective.section_ar = "الخطوط  الحمراء"
    objective.full_clean()
    objective.save()
    with translation.override("ar"):
        assert objective.section_id == "section-الخطوط-الحمراء"
        assert 'id="section-الخطوط-الحمراء"' in str(outline(lesson.body_html))
