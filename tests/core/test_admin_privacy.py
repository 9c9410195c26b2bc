"""Editors see content in the admin, never trainees' records: not through the "view on site"
shortcut, and not by name on a delete confirmation."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from model_bakery import baker

from accounts.roles import EDITORS
from certificates.models import Certificate
from courses.models import Answer, Attempt, Choice, Question, Quiz
from scenarios.services import start_run
from tests.scenarios.test_runs import build_scenario


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


@pytest.fixture
def trainee(trainee_factory):
    return trainee_factory("zainab")  # display name "Zainab"


@pytest.fixture
def question(course):
    quiz = baker.make(Quiz, course=course, title="Check", slug="check")
    question = baker.make(Question, quiz=quiz, position=1, prompt="What is neutrality?")
    baker.make(Choice, question=question, position=1, text="Right", is_correct=True)
    baker.make(Choice, question=question, position=2, text="Wrong", is_correct=False)
    return question


@pytest.fixture
def attempt(question, trainee):
    attempt = baker.make(
        Attempt,
        user=trainee,
        quiz=question.quiz,
        correct_count=1,
        question_count=1,
        score=100,
        passed=True,
    )
    answer = baker.make(Answer, attempt=attempt, question=question, is_correct=True)
    answer.choices.add(question.choices.get(position=1))
    return attempt


def shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def records(attempt, trainee, course, source):
    certificate = baker.make(Certificate, user=trainee, course=course, name="Zainab K.")
    run = start_run(user=trainee, scenario=build_scenario(sources=[source]))
    return [attempt, certificate, run]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["attempt", "certificate", "scenario run"])
def test_the_shortcut_finds_no_trainee_record_for_an_editor(editor_client, records, index):
    response = editor_client.get(shortcut(records[index]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Location" not in response


def test_the_shortcut_still_opens_content_for_an_editor(editor_client, article, course):
    for obj in (article, course):
        response = editor_client.get(shortcut(obj))
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].endswith(obj.get_absolute_url())


def test_the_shortcut_of_an_unknown_content_type_is_not_found(editor_client):
    url = reverse("admin:view_on_site", args=[999999, 1])
    assert editor_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_shortcut_opens_a_record_for_an_admin_who_may_view_it(client, superuser, records):
    client.force_login(superuser)
    response = client.get(shortcut(records[0]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(records[0].get_absolute_url())


def test_question_delete_confirmation_counts_answers_without_naming_trainees(
    editor_client, question, attempt
):
    response = editor_client.get(reverse("admin:courses_question_delete", args=[question.pk]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "1 answer (a trainee&#x27;s record, not shown)" in html
    assert "zainab" not in html.lower()
    assert reverse("admin:courses_attempt_change", args=[attempt.pk]) not in html
    editor_client.post(
        reverse("admin:courses_question_delete", args=[question.pk]), {"post": "yes"}
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_quiz_delete_confirmation_counts_attempts_without_naming_trainees(
    editor_client, question, attempt
):
    html = editor_client.get(
        reverse("admin:courses_quiz_delete", args=[question.quiz.pk])
    ).content.decode()
    assert "1 quiz attempt (a trainee&#x27;s record, not shown)" in html
    assert "zainab" not in html.lower()


def test_a_superuser_still_sees_what_protects_a_question(client, superuser, question, attempt):
    client.force_login(superuser)
    html = client.get(reverse("admin:courses_question_delete", args=[question.pk])).content.decode()
    assert "zainab" in html.lower()


def test_deleting_a_question_nobody_answered_lists_its_choices(editor_client, question):
    html = editor_client.get(
        reverse("admin:courses_question_delete", args=[question.pk])
    ).content.decode()
    assert "Choice: Right" in html
    assert "not shown" not in html
