"""A quiz question nobody could answer right is refused: on the question's page, when its course
is published, and by the content loader; and every shipped question can be answered right."""

import json
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from model_bakery import baker

from core.content import ContentRefused, add_new_content, fixture_paths
from core.models import LoadedItem, Status
from courses.models import Choice, Course, Question, QuestionKind, Quiz
from tests.scenarios.test_admin import form_data


def choices(*correct):
    return [SimpleNamespace(is_correct=flag) for flag in correct]


@pytest.mark.parametrize(
    ("kind", "flags", "expected"),
    [
        (QuestionKind.SINGLE, (True, False, False), []),
        (QuestionKind.TRUE_FALSE, (False, True), []),
        (QuestionKind.MULTIPLE, (True, True, False), []),
        (QuestionKind.SINGLE, (True, True, False), ["exactly one may be marked correct; 2 are"]),
        (QuestionKind.TRUE_FALSE, (True, True), ["exactly one may be marked correct; 2 are"]),
        (QuestionKind.MULTIPLE, (False, False), ["No choice is marked correct"]),
        (QuestionKind.SINGLE, (True,), ["at least two choices"]),
        (QuestionKind.SINGLE, (), ["at least two choices", "No choice is marked correct"]),
    ],
)
def test_choice_problems(kind, flags, expected):
    problems = Question(kind=kind).choice_problems(choices(*flags))
    assert len(problems) == len(expected)
    for problem, part in zip(problems, expected, strict=True):
        assert part in problem


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def question(course):
    quiz = baker.make(Quiz, course=course, slug="check", title="Check")
    question = baker.make(Question, quiz=quiz, position=1, kind="single", prompt="Which one?")
    for position, correct in ((1, True), (2, False), (3, False)):
        baker.make(Choice, question=question, position=position, is_correct=correct, text="A")
    return question


def question_page(client, question):
    url = reverse("admin:courses_question_change", args=[question.pk])
    return url, form_data(client.get(url).content.decode(), "question_form")


def test_a_single_choice_question_with_two_correct_choices_is_refused(admin_client, question):
    url, data = question_page(admin_client, question)
    data["choices-1-is_correct"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "exactly one may be marked correct; 2 are" in response.content.decode()
    assert question.choices.filter(is_correct=True).count() == 1


def test_a_question_with_no_correct_choice_is_refused(admin_client, question):
    url, data = question_page(admin_client, question)
    del data["choices-0-is_correct"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "No choice is marked correct" in response.content.decode()
    assert question.choices.filter(is_correct=True).count() == 1


def test_a_question_left_with_one_choice_is_refused(admin_client, question):
    url, data = question_page(admin_client, question)
    data["choices-1-DELETE"] = ["on"]
    data["choices-2-DELETE"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "A question needs at least two choices." in response.content.decode()
    assert question.choices.count() == 3


def test_turning_a_question_with_two_correct_choices_into_single_choice_is_refused(
    admin_client, question
):
    question.choices.filter(position=2).update(is_correct=True)
    Question.objects.filter(pk=question.pk).update(kind="multiple")
    url, data = question_page(admin_client, question)
    data["kind"] = ["single"]
    response = admin_client.post(url, data)
    assert "exactly one may be marked correct; 2 are" in response.content.decode()
    question.refresh_from_db()
    assert question.kind == "multiple"


def test_a_multiple_choice_question_with_two_correct_choices_saves(admin_client, question):
    url, data = question_page(admin_client, question)
    data["kind"] = ["multiple"]
    data["choices-1-is_correct"] = ["on"]
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    assert question.choices.filter(is_correct=True).count() == 2


def test_a_course_with_an_unpassable_question_cannot_be_published(admin_client, question):
    Course.objects.filter(pk=question.quiz.course_id).update(status=Status.DRAFT)
    question.choices.update(is_correct=False)
    url = reverse("admin:courses_course_change", args=[question.quiz.course_id])
    data = form_data(admin_client.get(url).content.decode(), "course_form")
    data["status"] = [Status.PUBLISHED]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "The course cannot be published while a quiz has a question" in html
    assert "Quiz “Check”, question 1 (“Which one?”): No choice is marked correct" in html
    assert Course.objects.get(pk=question.quiz.course_id).status == Status.DRAFT


def test_publishing_checks_every_quiz_of_the_course(question):
    course = question.quiz.course
    assert course.unpassable_questions() == []
    course.full_clean()
    Question.objects.filter(pk=question.pk).update(kind="true_false")
    question.choices.filter(position=3).update(is_correct=True)
    with pytest.raises(ValidationError, match="2 are"):
        course.full_clean()
    course.status = Status.DRAFT
    course.full_clean()  # a draft may be saved while it is being fixed


QUESTION_ITEMS = [
    {"model": "core.source", "fields": {"slug": "s", "title": "Source"}},
    {
        "model": "courses.course",
        "fields": {
            "slug": "c",
            "title": "C",
            "summary": "S.",
            "description": "D.",
            "status": "draft",
            "published_at": "2026-01-15T09:00:00Z",
        },
    },
    {"model": "courses.quiz", "fields": {"course": ["c"], "slug": "q", "title": "Q"}},
    {
        "model": "courses.question",
        "fields": {"quiz": ["c", "q"], "position": 1, "kind": "single", "prompt": "Which?"},
    },
]


def choice_item(position, correct):
    return {
        "model": "courses.choice",
        "fields": {
            "question": ["c", "q", 1],
            "position": position,
            "text": f"Choice {position}",
            "is_correct": correct,
        },
    }


def test_the_loader_refuses_a_fixture_with_an_unpassable_question(db, tmp_path):
    path = tmp_path / "quiz.json"
    path.write_text(json.dumps([*QUESTION_ITEMS, choice_item(1, True), choice_item(2, True)]))
    with pytest.raises(ContentRefused) as refused:
        add_new_content([path])
    assert refused.value.problems == [
        "Course “c”, quiz “q”, question 1: A single choice question is answered with one "
        "choice, so exactly one may be marked correct; 2 are. Mark only one, or make it a "
        "multiple-choice question."
    ]
    assert not Course.objects.exists()
    assert not LoadedItem.objects.exists()


def test_the_loader_adds_a_passable_question(db, tmp_path):
    path = tmp_path / "quiz.json"
    path.write_text(json.dumps([*QUESTION_ITEMS, choice_item(1, True), choice_item(2, False)]))
    add_new_content([path])
    assert Question.objects.get().choices.count() == 2


def test_every_shipped_question_can_be_answered_right():
    items = [item for path in fixture_paths() for item in json.loads(path.read_text())]
    questions = {
        (*item["fields"]["quiz"], item["fields"]["position"]): item["fields"]
        for item in items
        if item["model"] == "courses.question"
    }
    choices_of = {key: [] for key in questions}
    for item in items:
        if item["model"] == "courses.choice":
            choices_of[tuple(item["fields"]["question"])].append(
                SimpleNamespace(is_correct=item["fields"].get("is_correct", False))
            )
    assert len(questions) > 50
    problems = {
        key: Question(kind=fields.get("kind", "single")).choice_problems(choices_of[key])
        for key, fields in questions.items()
    }
    assert {key: found for key, found in problems.items() if found} == {}


def test_changing_a_question_kind_on_the_quiz_page_is_checked_too(admin_client, question):
    question.choices.filter(position=2).update(is_correct=True)
    Question.objects.filter(pk=question.pk).update(kind="multiple")
    url = reverse("admin:courses_quiz_change", args=[question.quiz_id])
    data = form_data(admin_client.get(url).content.decode(), "quiz_form")
    data["questions-0-kind"] = ["true_false"]
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "exactly one may be marked correct; 2 are" in response.content.decode()
    question.refresh_from_db()
    assert question.kind == "multiple"


def test_a_published_quiz_takes_no_question_without_choices(admin_client, question):
    url = reverse("admin:courses_quiz_change", args=[question.quiz_id])
    data = form_data(admin_client.get(url).content.decode(), "quiz_form")
    data["questions-TOTAL_FORMS"] = ["2"]
    data.update(
        {"questions-1-position": ["2"], "questions-1-kind": ["single"], "questions-1-prompt": ["?"]}
    )
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "takes new questions on the question page" in response.content.decode()
    assert question.quiz.questions.count() == 1
