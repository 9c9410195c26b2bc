"""The editor's desk in the Django admin: the portal's name, labels that say which course a quiz
or lesson belongs to, rows ready for a new question's answers, Markdown help and a preview of
the saved text, and a scenario page with its map and its problems at the top."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from model_bakery import baker

from accounts.roles import EDITORS
from core.models import Status
from scenarios.models import DecisionPoint, Ending, Scenario, ScenarioChoice
from tests.scenarios.test_admin import form_data
from tests.scenarios.test_runs import build_scenario


@pytest.fixture
def editor_user(django_user_model):
    """A member of the Editors group, as the portal's roles make them."""
    user = django_user_model.objects.create_user(
        username="desk-editor", password="a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def options(html, name):
    """The (value, label) pairs of the select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


# The portal's name and the tag app


def test_the_admin_carries_the_portal_name(editor):
    html = html_of(editor, reverse("admin:index"))
    assert '<a href="/admin/">Diplomacy Portal administration</a>' in html
    assert "<title>Diplomacy Portal | Diplomacy Portal</title>" in html
    assert "Django administration" not in html
    assert "Django site admin" not in html


def test_the_tag_app_reads_tags_on_the_index(editor):
    html = html_of(editor, reverse("admin:index"))
    assert re.search(r'<a href="/admin/taggit/"[^>]*>Tags</a>', html)
    assert "Taggit" not in html


# Selectors that name the course


def test_the_quiz_selector_of_a_question_names_the_course(editor, course, source):
    other = baker.make("courses.Course", title="Peace talks", slug="peace-talks")
    mine = baker.make("courses.Quiz", course=course, slug="final", title="Final check")
    theirs = baker.make("courses.Quiz", course=other, slug="final", title="Final check")
    html = html_of(editor, reverse("admin:courses_question_add"))
    labels = dict(options(html, "quiz"))
    assert labels[str(mine.pk)] == "Foundations · Final check"
    assert labels[str(theirs.pk)] == "Peace talks · Final check"


def test_the_question_list_names_the_course_of_each_quiz(editor, course):
    quiz = baker.make("courses.Quiz", course=course, slug="final", title="Final check")
    baker.make("courses.Question", quiz=quiz, position=1, prompt="Who decides?")
    html = html_of(editor, reverse("admin:courses_question_changelist"))
    assert "Foundations · Final check" in html


def test_the_lesson_selectors_of_a_scenario_name_the_course(editor, course, source):
    scenario = build_scenario(sources=[source], course=course)
    html = html_of(editor, change_url(scenario))
    lesson = course.lessons.get(position=2)
    assert dict(options(html, "after_lesson"))[str(lesson.pk)] == "Foundations · 2. Lesson 2"
    assert dict(options(html, "course"))[str(course.pk)] == "Foundations"


# A new question's answers


def test_a_new_question_starts_with_four_empty_answer_rows(editor):
    data = form_data(html_of(editor, reverse("admin:courses_question_add")), "question_form")
    assert data["choices-TOTAL_FORMS"] == ["4"]
    assert data["choices-INITIAL_FORMS"] == ["0"]
    assert all(data[f"choices-{row}-text"] == [""] for row in range(4))


def test_a_saved_question_offers_one_spare_answer_row(editor, course):
    quiz = baker.make("courses.Quiz", course=course, slug="final", title="Final check")
    question = baker.make("courses.Question", quiz=quiz, position=1, prompt="Who decides?")
    for position, correct in ((1, True), (2, False)):
        baker.make(
            "courses.Choice", question=question, position=position, text=f"C{position}",
            is_correct=correct,
        )  # fmt: skip
    data = form_data(html_of(editor, change_url(question)), "question_form")
    assert data["choices-TOTAL_FORMS"] == ["3"]
    assert data["choices-INITIAL_FORMS"] == ["2"]


def test_a_question_saved_from_the_add_page_keeps_the_rows_filled_in(editor, course):
    quiz = baker.make("courses.Quiz", course=course, slug="final", title="Final check")
    data = form_data(html_of(editor, reverse("admin:courses_question_add")), "question_form")
    data.update({"quiz": [str(quiz.pk)], "position": ["1"], "kind": ["single"], "prompt": ["Who?"]})
    for row, (text, correct) in enumerate([("The parties", True), ("Nobody", False)]):
        data[f"choices-{row}-position"] = [str(row + 1)]
        data[f"choices-{row}-text"] = [text]
        if correct:
            data[f"choices-{row}-is_correct"] = ["on"]
    response = editor.post(reverse("admin:courses_question_add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    question = quiz.questions.get()
    assert [c.text for c in question.choices.order_by("position")] == ["The parties", "Nobody"]


# Markdown help and preview

HOSTILE_BODY = (
    "## Access\n\nSome **bold** text and a [link](https://example.org).\n\n"
    "<script>alert('body')</script>\n\n"
    '<img src=x onerror="alert(1)"> [bad](javascript:alert(2))'
)


def preview_of(html):
    found = re.search(
        r'<div class="markdown-preview"[^>]*>(.*?)</div>\s*</div>\s*</div>', html, re.DOTALL
    )
    assert found is not None
    return found.group(1)


def test_save_and_continue_shows_the_sanitised_preview_of_the_saved_text(editor, article):
    data = form_data(html_of(editor, change_url(article)), "article_form")
    data["body"] = [HOSTILE_BODY]
    data["_continue"] = ["Save and continue editing"]
    response = editor.post(change_url(article), data, follow=True)
    assert response.redirect_chain[-1][0] == change_url(article)
    html = response.content.decode()
    preview = preview_of(html)
    assert "<h2>Access</h2>" in preview
    assert "<strong>bold</strong>" in preview
    assert 'href="https://example.org"' in preview
    assert "<script" not in preview
    assert "onerror" not in preview
    assert "javascript:" not in preview
    # Nowhere on the page does the content's script or handler turn into markup.
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_the_preview_is_the_stored_html_not_the_text_in_the_field(editor, article):
    """A form sent back with an error shows the text as typed and the preview as saved."""
    data = form_data(html_of(editor, change_url(article)), "article_form")
    data["body"] = ["*new*"]
    data["title"] = [""]
    html = editor.post(change_url(article), data).content.decode()
    assert "<strong>body</strong>" in preview_of(html)
    assert "<em>new</em>" not in html


def test_the_add_page_says_the_preview_comes_after_saving(editor):
    html = html_of(editor, reverse("admin:articles_article_add"))
    assert "Save and continue editing to see a preview of this text." in html


@pytest.fixture
def markdown_pages(article, term, course, source):
    quiz = baker.make("courses.Quiz", course=course, slug="final", title="Final check")
    question = baker.make(
        "courses.Question", quiz=quiz, position=1, prompt="Why?", explanation="*Because.*"
    )
    scenario = build_scenario(sources=[source])
    point = scenario.decision_points.first()
    return {
        "article body": (article, "body"),
        "term definition": (term, "definition"),
        "lesson body": (course.lessons.first(), "body"),
        "course description": (course, "description"),
        "question explanation": (question, "explanation"),
        "scenario briefing": (scenario, "briefing"),
        "decision point situation": (point, "situation"),
        "quiz page: question explanation": (quiz, "questions-0-explanation"),
        "scenario page: ending outcome": (scenario, "endings-0-outcome"),
        "decision point page: debrief note": (point, "choices-0-debrief_note"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "article body",
        "term definition",
        "lesson body",
        "course description",
        "question explanation",
        "scenario briefing",
        "decision point situation",
        "quiz page: question explanation",
        "scenario page: ending outcome",
        "decision point page: debrief note",
    ],
)
def test_every_markdown_field_has_syntax_help_and_a_preview(editor, markdown_pages, name):
    obj, field = markdown_pages[name]
    html = html_of(editor, change_url(obj))
    help_text = re.search(rf'id="id_{field}_helptext">\s*<div>(.*?)</div>', html, re.DOTALL)
    assert help_text is not None
    assert "<code>## Heading</code>" in help_text.group(1)
    assert "[term](/glossary/its-slug/)" in help_text.group(1)
    assert 'class="markdown-preview"' in html
    assert re.search(rf'class="[^"]*field-{field.split("-")[-1]}_preview', html)


# The scenario page: map and problems at the top


def scenario_url(scenario):
    return reverse("admin:scenarios_scenario_change", args=[scenario.pk])


def top_of(html):
    """What the scenario page shows above its fields."""
    top = re.search(r'<section class="scenario-overview".*?</section>', html, re.DOTALL)
    assert top is not None
    assert html.index(top.group(0)) < html.index('name="title"')
    return top.group(0)


@pytest.fixture
def scenario(source):
    return build_scenario(sources=[source])


def test_the_scenario_page_shows_the_map_above_the_fields(editor, scenario):
    top = top_of(html_of(editor, scenario_url(scenario)))
    assert '<div class="scenario-map"><svg' in top
    assert "Complete: every decision point can be reached" in top
    assert "errorlist" not in top


def test_a_refused_publication_lists_the_problems_at_the_top_with_links(editor, scenario):
    ScenarioChoice.objects.filter(text="Leave the room").update(ending=None)
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.DRAFT)
    data = form_data(html_of(editor, scenario_url(scenario)))
    data["status"] = [Status.PUBLISHED]
    response = editor.post(scenario_url(scenario), data)
    assert response.status_code == HTTPStatus.OK
    top = top_of(response.content.decode())
    opening = DecisionPoint.objects.get(slug="opening")
    walkout = Ending.objects.get(slug="walkout")
    endings = list(scenario.endings.order_by("position"))
    row = f"#endings-{endings.index(walkout)}"
    assert (
        f'The choice “Leave the room” at “<a href="{change_url(opening)}">Opening talks</a>” '
        "leads nowhere." in top
    )
    assert f'reaches the ending “<a href="{row}">They walk out</a>”' in top
    assert f'id="{row[1:]}"' in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.status == Status.DRAFT


def test_the_problems_are_those_of_the_endings_as_submitted(editor, scenario):
    """Deleting an ending a choice leads to is refused, and the top says why."""
    data = form_data(html_of(editor, scenario_url(scenario)))
    walkout = Ending.objects.get(slug="walkout")
    (prefix,) = [k[:-3] for k, v in data.items() if k.endswith("-id") and v == [str(walkout.pk)]]
    data[f"{prefix}-DELETE"] = ["on"]
    top = top_of(editor.post(scenario_url(scenario), data).content.decode())
    assert "leads to a decision point or an ending of another scenario" in top


def test_a_scenario_without_decision_points_links_to_adding_one(editor, source):
    scenario = baker.make(Scenario, slug="empty", title="Empty", status=Status.DRAFT)
    top = top_of(html_of(editor, scenario_url(scenario)))
    add = reverse("admin:scenarios_decisionpoint_add")
    assert f'<a href="{add}?scenario={scenario.pk}">Add a decision point</a>' in top
    assert '<a href="#endings-group">Add an ending</a>' in top


def test_no_problem_is_left_over_once_it_is_fixed(editor, scenario):
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.DRAFT)
    leave = ScenarioChoice.objects.get(text="Leave the room")
    ScenarioChoice.objects.filter(pk=leave.pk).update(ending=None)
    assert "leads nowhere" in top_of(html_of(editor, scenario_url(scenario)))

    opening = DecisionPoint.objects.get(slug="opening")
    url = reverse("admin:scenarios_decisionpoint_change", args=[opening.pk])
    data = form_data(html_of(editor, url), "decisionpoint_form")
    (prefix,) = [k[:-3] for k, v in data.items() if k.endswith("-id") and v == [str(leave.pk)]]
    data[f"{prefix}-ending"] = [str(Ending.objects.get(slug="walkout").pk)]
    response = editor.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == scenario_url(scenario)
    top = top_of(response.content.decode())
    assert "leads nowhere" not in top
    assert "errorlist" not in top
    assert "Complete: every decision point can be reached" in top


def test_the_scenario_page_reads_a_fixed_number_of_queries(
    editor, scenario, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        html_of(editor, scenario_url(scenario))


# The preview of the text being edited (the "Preview" button's address)


def preview_url():
    return reverse("admin_markdown_preview")


def test_the_preview_address_renders_and_sanitises_what_is_posted(editor):
    response = editor.post(preview_url(), {"text": HOSTILE_BODY})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<h2>Access</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_preview_address_refuses_text_over_the_bounds_with_a_reason(editor):
    response = editor.post(preview_url(), {"text": "[" * 20000})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "square brackets" in response.content.decode()


def test_the_preview_address_answers_only_posts(editor):
    assert editor.get(preview_url()).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_preview_address_is_for_staff_only(client, trainee_factory):
    response = client.post(preview_url(), {"text": "*hi*"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(trainee_factory())
    response = client.post(preview_url(), {"text": "*hi*"})
    assert response.status_code == HTTPStatus.FOUND
    assert b"<em>" not in response.content


def test_the_preview_address_wants_the_csrf_token(editor_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_user)
    assert client.post(preview_url(), {"text": "*hi*"}).status_code == HTTPStatus.FORBIDDEN


def test_each_preview_carries_the_preview_address_for_the_script(editor, article):
    html = html_of(editor, change_url(article))
    assert f'<div class="markdown-preview" data-preview-url="{preview_url()}">' in html
    assert re.search(r'<script src="/static/js/admin-preview\.[0-9a-f]+\.js" defer>', html)


def test_a_preview_sits_right_under_its_field(editor, course):
    """The course admin declares no field order: the preview still follows its field."""
    html = html_of(editor, change_url(course))
    rows = re.findall(r'<div class="form-row[^"]* field-(\w+)', html)
    assert rows[rows.index("description") + 1] == "description_preview"
