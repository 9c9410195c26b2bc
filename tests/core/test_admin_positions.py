"""A duplicate position in an admin inline, or a taken position on a record's own admin page,
gets a plain message on the position field, and nothing is saved."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from model_bakery import baker

from courses.models import Choice, Lesson, Objective, Question, Quiz
from scenarios.models import DecisionPoint
from tests.scenarios.test_admin import form_data
from tests.scenarios.test_runs import build_scenario


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def position_errors(html):
    """The error messages shown on position fields (tabular or stacked inline rows)."""
    cells = re.findall(
        r'<(?:td|div) class="[^"]*field-position[^"]*">(.*?)</(?:td|div)>', html, re.DOTALL
    )
    return [message for cell in cells for message in re.findall(r"<li>(.*?)</li>", cell, re.DOTALL)]


def test_a_duplicate_lesson_position_in_the_course_admin_is_named_on_the_field(
    admin_client, course
):
    url = reverse("admin:courses_course_change", args=[course.pk])
    data = form_data(admin_client.get(url).content.decode(), "course_form")
    data["lessons-1-position"] = data["lessons-0-position"]
    data["lessons-1-title"] = ["Renamed"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    expected = "Another lesson here has position 1 too. Give each its own position."
    assert position_errors(html) == [expected, expected]
    assert "Constraint" not in html
    assert "duplicate" not in html
    assert not Lesson.objects.filter(title="Renamed").exists()
    assert sorted(course.lessons.values_list("position", flat=True)) == [1, 2]


def test_a_new_lesson_with_a_taken_position_is_refused_on_the_field(admin_client, course):
    url = reverse("admin:courses_course_change", args=[course.pk])
    data = form_data(admin_client.get(url).content.decode(), "course_form")
    data["lessons-TOTAL_FORMS"] = ["3"]
    data.update(
        {
            "lessons-2-position": ["2"],
            "lessons-2-title": ["Extra"],
            "lessons-2-slug": ["extra"],
            "lessons-2-estimated_minutes": ["10"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Another lesson here has position 2 too." in " ".join(
        position_errors(response.content.decode())
    )
    assert not Lesson.objects.filter(slug="extra").exists()


def test_a_duplicate_choice_position_on_the_question_page(admin_client, course):
    quiz = baker.make(Quiz, course=course, slug="check", title="Check")
    question = baker.make(Question, quiz=quiz, position=1, kind="single", prompt="Which?")
    for position in (1, 2):
        baker.make(Choice, question=question, position=position, is_correct=position == 1)
    url = reverse("admin:courses_question_change", args=[question.pk])
    data = form_data(admin_client.get(url).content.decode(), "question_form")
    data["choices-1-position"] = ["1"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    expected = "Another choice here has position 1 too. Give each its own position."
    assert position_errors(response.content.decode()) == [expected, expected]
    assert sorted(question.choices.values_list("position", flat=True)) == [1, 2]


def test_a_duplicate_objective_position_on_the_lesson_page(admin_client, course):
    lesson = course.lessons.get(position=1)
    for position in (1, 2):
        baker.make(Objective, lesson=lesson, position=position, text=f"do thing {position}")
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    data = form_data(admin_client.get(url).content.decode(), "lesson_form")
    data["objectives-1-position"] = ["1"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Another objective here has position 1 too." in " ".join(
        position_errors(response.content.decode())
    )


def test_a_taken_position_on_the_lesson_page_is_named_on_the_field(admin_client, course):
    lesson = course.lessons.get(position=2)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    data = form_data(admin_client.get(url).content.decode(), "lesson_form")
    data["position"] = ["1"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    expected = "Another lesson of this course already has position 1."
    assert position_errors(html) == [expected]
    assert "already exists" not in html
    lesson.refresh_from_db()
    assert lesson.position == 2


def test_a_new_lesson_with_a_taken_position_on_its_own_page_is_refused_on_the_field(
    admin_client, course
):
    url = reverse("admin:courses_lesson_add")
    data = form_data(admin_client.get(url).content.decode(), "lesson_form")
    data.update(
        {
            "course": [str(course.pk)],
            "title": ["Extra"],
            "slug": ["extra"],
            "position": ["2"],
            "summary": ["A summary."],
            "body": ["Text."],
            "estimated_minutes": ["10"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    expected = "Another lesson of this course already has position 2."
    html = response.content.decode()
    assert position_errors(html) == [expected]
    assert "already exists" not in html
    assert not Lesson.objects.filter(slug="extra").exists()


def test_a_lesson_keeping_its_own_position_saves(admin_client, course):
    lesson = course.lessons.get(position=2)
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])
    data = form_data(admin_client.get(url).content.decode(), "lesson_form")
    data["title"] = ["Renamed"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    lesson.refresh_from_db()
    assert (lesson.title, lesson.position) == ("Renamed", 2)


def test_a_taken_position_on_the_question_page_is_named_on_the_field(admin_client, course):
    quiz = baker.make(Quiz, course=course, slug="check", title="Check")
    for position in (1, 2):
        question = baker.make(
            Question, quiz=quiz, position=position, kind="single", prompt=f"Which {position}?"
        )
        baker.make(Choice, question=question, position=1, text="Right", is_correct=True)
        baker.make(Choice, question=question, position=2, text="Wrong")
    url = reverse("admin:courses_question_change", args=[question.pk])
    data = form_data(admin_client.get(url).content.decode(), "question_form")
    data["position"] = ["1"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    expected = "Another question of this quiz already has position 1."
    assert position_errors(html) == [expected]
    assert "already exists" not in html
    question.refresh_from_db()
    assert question.position == 2


def test_a_taken_position_on_the_decision_point_page_is_named_on_the_field(admin_client, source):
    scenario = build_scenario(sources=[source])
    first, second = scenario.decision_points.order_by("position")[:2]
    url = reverse("admin:scenarios_decisionpoint_change", args=[second.pk])
    data = form_data(admin_client.get(url).content.decode(), "decisionpoint_form")
    data["position"] = [str(first.position)]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    expected = f"Another decision point of this scenario already has position {first.position}."
    assert position_errors(html) == [expected]
    assert "already exists" not in html
    assert DecisionPoint.objects.get(pk=second.pk).position == second.position
