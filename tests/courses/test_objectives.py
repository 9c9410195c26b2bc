"""Lesson objectives and question situations: shown to trainees, edited in the admin, checked
by the question-bank lint, and tied to the scenario debrief; and the section of its lesson that
teaches each objective."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from model_bakery import baker

from core.caching import forget_built
from core.models import Status
from core.templatetags.portal import outline
from courses.models import Course, Objective, Question
from glossary.templatetags.glossary_links import link_terms
from offline import pack_building
from tests.courses.builders import add_quiz, answer_quiz
from tests.scenarios.test_runs import build_scenario, play

SITUATION = "A commander offers the convoy passage if it carries his soldiers' families."


@pytest.fixture
def objectives(course):
    made = []
    for lesson in course.lessons.all():
        for position in (1, 2):
            made.append(
                Objective.objects.create(
                    lesson=lesson,
                    position=position,
                    text=f"do thing {position} of {lesson.slug}",
                )
            )
    return made


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


# On the pages


def test_the_lesson_page_opens_with_its_objectives(client, course, objectives):
    html = page(client, course.lessons.get(position=1).get_absolute_url())
    assert "After this lesson you can …" in html
    assert html.index("do thing 1 of lesson-1") < html.index("do thing 2 of lesson-1")
    assert html.index("After this lesson you can") < html.index("Body of lesson 1.")
    assert "of lesson-2" not in html


def test_the_outline_lists_each_lessons_objectives_under_it(client, course, objectives):
    html = page(client, course.get_absolute_url())
    outline = html[html.index('<ul class="outline">') :]
    assert outline.index("Lesson 1") < outline.index("do thing 1 of lesson-1")
    assert outline.index("do thing 2 of lesson-1") < outline.index("Lesson 2")
    assert outline.index("Lesson 2") < outline.index("do thing 1 of lesson-2")


def test_a_lesson_without_objectives_shows_no_empty_heading(client, course):
    html = page(client, course.lessons.get(position=1).get_absolute_url())
    assert "After this lesson you can" not in html


def test_an_edited_objective_shows_at_once_on_cached_pages(client, course, objectives):
    lesson_url = course.lessons.get(position=1).get_absolute_url()
    page(client, lesson_url)
    page(client, course.get_absolute_url())
    objective = objectives[0]
    objective.text = "weigh an offer of access against its price"
    objective.save()
    assert "weigh an offer of access" in page(client, lesson_url)
    assert "weigh an offer of access" in page(client, course.get_absolute_url())


def count_queries(client, url):
    cache.clear()
    forget_built()  # a first view: nothing kept from the view before
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(context.captured_queries)


@pytest.mark.parametrize("which", ["course", "lesson"])
def test_objectives_cost_the_same_queries_however_many_lessons(client, course, objectives, which):
    def url():
        return (
            course.get_absolute_url()
            if which == "course"
            else course.lessons.get(position=1).get_absolute_url()
        )

    few = count_queries(client, url())
    for position in range(3, 9):
        lesson = baker.make(
            "courses.Lesson", course=course, position=position, slug=f"more-{position}", body="."
        )
        for number in (1, 2, 3):
            Objective.objects.create(lesson=lesson, position=number, text=f"more {number}")
    assert count_queries(client, url()) == few


# Situations


@pytest.fixture
def situated_quiz(course):
    quiz = add_quiz(course, "check-1", after_lesson=course.lessons.get(position=1))
    Question.objects.filter(quiz=quiz, position=1).update(situation=SITUATION)
    return quiz


def test_the_quiz_page_shows_the_situation_before_its_prompt(trainee_client, situated_quiz):
    html = page(trainee_client, situated_quiz.get_absolute_url())
    assert f'<p class="situation">{SITUATION}</p>'.replace("'", "&#x27;") in html
    situation = html.index("A commander offers")
    assert situation < html.index("Question check-1-1?") < html.index("Question check-1-2?")
    assert html.count('class="situation"') == 1


def test_the_result_page_shows_the_situation(trainee_client, situated_quiz):
    response, _ = answer_quiz(trainee_client, situated_quiz)
    html = page(trainee_client, response.url)
    assert html.index("A commander offers") < html.index("Question check-1-1?")


def test_the_offline_pack_shows_the_situation(course, situated_quiz):
    html = pack_building.build_pack(
        course, submit_url="https://portal.example/answers/"
    ).html.decode()
    assert html.index("A commander offers") < html.index("Question check-1-1?")


# In the admin


def test_the_lesson_admin_edits_objectives_inline(admin_client, course, objectives):
    lesson = course.lessons.get(position=1)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    html = page(admin_client, url)
    assert "do thing 1 of lesson-1" in html
    first, second = lesson.objectives.order_by("position")
    data = {
        "course": course.pk,
        "title": lesson.title,
        "slug": lesson.slug,
        "position": 1,
        "summary": "",
        "body": lesson.body,
        "estimated_minutes": 15,
        "tags": "",
        "sources": [lesson.sources.first().pk],
        "objectives-TOTAL_FORMS": 3,
        "objectives-INITIAL_FORMS": 2,
        "objectives-MIN_NUM_FORMS": 0,
        "objectives-MAX_NUM_FORMS": 1000,
        "objectives-0-id": first.pk,
        "objectives-0-lesson": lesson.pk,
        "objectives-0-position": 1,
        "objectives-0-text": "recognise a political price",
        "objectives-1-id": second.pk,
        "objectives-1-lesson": lesson.pk,
        "objectives-1-position": 2,
        "objectives-1-text": second.text,
        "objectives-2-lesson": lesson.pk,
        "objectives-2-position": 3,
        "objectives-2-text": "explain why the tracks stay apart",
    }
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    assert list(lesson.objectives.values_list("text", flat=True)) == [
        "recognise a political price",
        second.text,
        "explain why the tracks stay apart",
    ]


SECTIONED_BODY = "Opening words.\n\n## Why it matters\n\nFirst.\n\n## Red lines\n\nSecond.\n"


def lesson_form(lesson, *, body, sections):
    """The lesson's admin form with ``body`` and its objectives naming ``sections``."""
    data = {
        "course": lesson.course_id,
        "title": lesson.title,
        "slug": lesson.slug,
        "position": lesson.position,
        "summary": "",
        "body": body,
        "estimated_minutes": 15,
        "tags": "",
        "sources": [lesson.sources.first().pk],
        "objectives-TOTAL_FORMS": len(sections),
        "objectives-INITIAL_FORMS": len(sections),
        "objectives-MIN_NUM_FORMS": 0,
        "objectives-MAX_NUM_FORMS": 1000,
    }
    for number, (objective, section) in enumerate(
        zip(lesson.objectives.order_by("position"), sections, strict=True)
    ):
        data.update(
            {
                f"objectives-{number}-id": objective.pk,
                f"objectives-{number}-lesson": lesson.pk,
                f"objectives-{number}-position": objective.position,
                f"objectives-{number}-text": objective.text,
                f"objectives-{number}-section": section,
            }
        )
    return data


def test_the_lesson_admin_keeps_a_section_named_as_the_lesson_heads_it(
    admin_client, course, objectives
):
    lesson = course.lessons.get(position=1)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    data = lesson_form(lesson, body=SECTIONED_BODY, sections=["red  LINES", ""])
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    first, second = lesson.objectives.order_by("position")
    assert (first.section, first.section_id) == ("Red lines", "section-red-lines")
    assert (second.section, second.section_id) == ("", "")


def test_the_lesson_admin_refuses_a_section_the_lesson_has_no_heading_for(
    admin_client, course, objectives
):
    lesson = course.lessons.get(position=1)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    data = lesson_form(lesson, body=SECTIONED_BODY, sections=["Green lines", ""])
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert (
        "This lesson has no section headed “Green lines”. Its sections are: “Why it matters”; "
        "“Red lines”."
    ) in html
    assert set(lesson.objectives.values_list("section", flat=True)) == {""}


def test_the_lesson_admin_refuses_a_body_that_drops_a_section_an_objective_names(
    admin_client, course, objectives
):
    lesson = course.lessons.get(position=1)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    data = lesson_form(lesson, body=SECTIONED_BODY, sections=["Red lines", ""])
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    reworded = SECTIONED_BODY.replace("## Red lines", "## Lines not to cross")
    data = lesson_form(lesson, body=reworded, sections=["Red lines", ""])
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "This lesson has no section headed “Red lines”." in response.content.decode()
    lesson.refresh_from_db()
    assert "## Red lines" in lesson.body


def test_a_section_is_refused_in_a_lesson_without_headings(course, objectives):
    objective = objectives[0]
    objective.section = "Why it matters"
    with pytest.raises(ValidationError) as refused:
        objective.full_clean()
    assert "it has no headings" in refused.value.message_dict["section"][0]


@pytest.fixture
def other_course_objective(db, source):
    other = baker.make("courses.Course", slug="other", title="Other course")
    lesson = baker.make("courses.Lesson", course=other, position=1, slug="elsewhere")
    return Objective.objects.create(lesson=lesson, position=1, text="do something elsewhere")


def question_form(question, **changes):
    data = {
        "quiz": question.quiz_id,
        "position": question.position,
        "kind": question.kind,
        "situation": question.situation,
        "prompt": question.prompt,
        "objective": question.objective_id or "",
        "explanation": question.explanation,
        "choices-TOTAL_FORMS": 0,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for number, choice in enumerate(question.choices.order_by("position")):
        data.update(
            {
                f"choices-{number}-id": choice.pk,
                f"choices-{number}-question": question.pk,
                f"choices-{number}-position": choice.position,
                f"choices-{number}-text": choice.text,
                f"choices-{number}-is_correct": "on" if choice.is_correct else "",
                f"choices-{number}-feedback": choice.feedback,
            }
        )
        data["choices-TOTAL_FORMS"] = data["choices-INITIAL_FORMS"] = number + 1
    data = {key: value for key, value in data.items() if value != ""}
    data.update(changes)
    return data


def test_the_question_admin_offers_only_objectives_of_the_quizs_course(
    admin_client, situated_quiz, objectives, other_course_objective
):
    question = situated_quiz.questions.get(position=1)
    html = page(admin_client, reverse("admin:courses_question_change", args=[question.pk]))
    assert 'name="situation"' in html
    assert "1. Lesson 1 · 2: do thing 2 of lesson-1" in html
    assert "do something elsewhere" not in html


def test_the_question_admin_refuses_an_objective_of_another_course(
    admin_client, situated_quiz, objectives, other_course_objective
):
    question = situated_quiz.questions.get(position=1)
    url = reverse("admin:courses_question_change", args=[question.pk])
    response = admin_client.post(url, question_form(question, objective=other_course_objective.pk))
    assert response.status_code == HTTPStatus.OK  # the form again, with a message
    question.refresh_from_db()
    assert question.objective is None
    response = admin_client.post(url, question_form(question, objective=objectives[1].pk))
    assert response.status_code == HTTPStatus.FOUND
    question.refresh_from_db()
    assert question.objective == objectives[1]


def test_the_question_admin_checks_the_question_and_warns_on_save(
    admin_client, situated_quiz, objectives
):
    question = situated_quiz.questions.get(position=1)
    url = reverse("admin:courses_question_change", args=[question.pk])
    html = page(admin_client, url)
    assert "It assesses no objective" in html
    assert "needs 3 to 5 choices; it has 2" in html
    response = admin_client.post(
        url, question_form(question, objective=objectives[0].pk), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("needs 3 to 5 choices" in m for m in messages)
    assert not any("assesses no objective" in m for m in messages)


def test_the_question_list_filters_questions_with_warnings(admin_client, situated_quiz):
    question = situated_quiz.questions.get(position=2)
    url = reverse("admin:courses_question_changelist")
    assert "Question check-1-2?" in page(admin_client, url + "?checks=warnings")
    assert "Question check-1-2?" not in page(admin_client, url + "?checks=clean")
    assert question.pk


def test_the_quiz_admin_edits_situation_and_objective_inline(
    admin_client, situated_quiz, objectives, other_course_objective
):
    html = page(admin_client, reverse("admin:courses_quiz_change", args=[situated_quiz.pk]))
    assert 'name="questions-0-situation"' in html
    assert 'name="questions-0-objective"' in html
    assert "do thing 1 of lesson-2" in html
    assert "do something elsewhere" not in html


# The scenario debrief


def finished_debrief(client, scenario):
    run = play(client, scenario, ["Listen first", "Hold the line", "Insist on the law"])
    return page(client, reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk]))


def test_the_debrief_links_the_objectives_of_the_lesson_it_follows(
    trainee_client, course, objectives
):
    lesson = course.lessons.get(position=1)
    scenario = build_scenario(course=course, after_lesson=lesson)
    html = finished_debrief(trainee_client, scenario)
    section = html[html.index('class="debrief-objectives"') :]
    assert f'<a href="{lesson.get_absolute_url()}">do thing 1 of lesson-1</a>' in section
    assert f'<a href="{lesson.get_absolute_url()}">do thing 2 of lesson-1</a>' in section
    assert "lesson-2" not in section.split("</section>")[0]


def test_a_debrief_placed_after_no_lesson_links_the_last_lessons(
    trainee_client, course, objectives
):
    scenario = build_scenario(course=course)
    html = finished_debrief(trainee_client, scenario)
    section = html[html.index('class="debrief-objectives"') :].split("</section>")[0]
    assert "do thing 1 of lesson-2" in section
    assert "of lesson-1" not in section


def test_a_debrief_names_no_objectives_of_a_draft_course(trainee_client, course, objectives):
    course.status = Status.DRAFT
    course.save()
    scenario = build_scenario(course=course)
    html = finished_debrief(trainee_client, scenario)
    assert "debrief-objectives" not in html
    assert "do thing" not in html


def test_a_debrief_without_course_has_no_objectives(trainee_client, db):
    html = finished_debrief(trainee_client, build_scenario())
    assert "debrief-objectives" not in html


def quiz_form(quiz, question, **changes):
    data = {
        "course": quiz.course_id,
        "title": quiz.title,
        "slug": quiz.slug,
        "introduction": "",
        "after_lesson": quiz.after_lesson_id or "",
        "pass_mark": quiz.pass_mark,
        "reveal": quiz.reveal,
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 1,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
        "questions-0-id": question.pk,
        "questions-0-quiz": quiz.pk,
        "questions-0-position": question.position,
        "questions-0-kind": question.kind,
        "questions-0-situation": "A new situation.",
        "questions-0-prompt": question.prompt,
        "questions-0-explanation": "",
    }
    data.update(changes)
    return data


def test_the_quiz_admin_refuses_an_objective_of_another_course_inline(
    admin_client, course, objectives, other_course_objective
):
    quiz = add_quiz(course, "solo", after_lesson=course.lessons.get(position=1), questions=1)
    question = quiz.questions.get()
    url = reverse("admin:courses_quiz_change", args=[quiz.pk])
    refused = quiz_form(quiz, question, **{"questions-0-objective": other_course_objective.pk})
    assert admin_client.post(url, refused).status_code == HTTPStatus.OK
    question.refresh_from_db()
    assert (question.objective, question.situation) == (None, "")
    accepted = quiz_form(quiz, question, **{"questions-0-objective": objectives[2].pk})
    response = admin_client.post(url, accepted)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    question.refresh_from_db()
    assert (question.objective, question.situation) == (objectives[2], "A new situation.")


# The shipped content


@pytest.mark.django_db
def test_every_shipped_objective_names_a_section_its_lesson_page_has():
    call_command("load_content", verbosity=0)
    objectives = Objective.objects.filter(lesson__course__in=Course.objects.published())
    with_section = list(objectives.exclude(section="").select_related("lesson"))
    assert len(with_section) > objectives.count() / 2  # most name one; a blank one is a choice
    for objective in with_section:
        # the lesson page's body, as its template renders it
        body = outline(link_terms(objective.lesson.body_html))
        headings = {heading.id: heading.text for heading in body.headings}
        where = (objective.lesson.slug, objective.position, objective.section)
        assert headings.get(objective.section_id) == objective.section, where
        objective.full_clean()  # what the admin checks, too
