import json
from http import HTTPStatus

from django.urls import reverse

from certificates.models import Certificate
from courses.models import Attempt, Enrollment, LessonCompletion, Reveal
from tests.courses.builders import add_quiz, answer_quiz


def test_trainee_downloads_all_their_data(trainee_client, trainee, course, quiz):
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, "lesson-1"]))
    answer_quiz(trainee_client, quiz)
    response = trainee_client.get(reverse("accounts:my_data"))
    assert response.status_code == HTTPStatus.OK
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["display_name"] == "Amina K."
    assert data["enrollments"][0]["course"] == "foundations"
    assert data["lessons_completed"][0]["lesson"] == "lesson-1"
    attempt = data["quiz_attempts"][0]
    assert attempt["score"] == 100
    assert len(attempt["answers"]) == 2
    assert all(answer["right"] for answer in attempt["answers"])
    assert data["scenario_runs"] == []
    assert data["offline_pack_downloads"] == []


def test_data_download_holds_nobody_else(trainee_client, trainee_factory, course):
    from courses.services import enroll

    enroll(user=trainee_factory("someone-else"), course=course)
    data = trainee_client.get(reverse("accounts:my_data")).json()
    assert data["enrollments"] == []


def test_delete_page_warns_that_certificates_stop_verifying(trainee_client, trainee, course):
    Certificate.objects.create(user=trainee, course=course, name="Amina K.")
    html = trainee_client.get(reverse("accounts:delete_account")).content.decode()
    assert "will no longer verify" in html


def test_deleting_needs_the_password(trainee_client, trainee):
    response = trainee_client.post(reverse("accounts:delete_account"), {"password": "wrong"})
    assert response.status_code == HTTPStatus.OK
    assert "That is not your password." in response.content.decode()
    trainee.refresh_from_db()


def test_deleting_removes_everything_and_the_certificate_no_longer_verifies(
    trainee_client, trainee, course, quiz, django_user_model
):
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, "lesson-1"]))
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, "lesson-2"]))
    answer_quiz(trainee_client, quiz)
    certificate = Certificate.objects.get(user=trainee)
    response = trainee_client.post(
        reverse("accounts:delete_account"), {"password": "a-long-test-password"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not django_user_model.objects.filter(username="amina").exists()
    for model in (Enrollment, LessonCompletion, Attempt, Certificate):
        assert not model.objects.exists()
    verify = trainee_client.get(certificate.get_verification_url())
    assert verify.status_code == HTTPStatus.NOT_FOUND
    assert trainee_client.get(reverse("courses:dashboard")).status_code == HTTPStatus.FOUND


def downloaded_answers(client):
    """``{quiz slug: the answers of all its attempts}`` from the trainee's data download."""
    answers = {}
    for attempt in client.get(reverse("accounts:my_data")).json()["quiz_attempts"]:
        answers.setdefault(attempt["quiz"], []).extend(attempt["answers"])
    return answers


def test_data_download_keeps_what_a_score_only_quiz_does_not_reveal(trainee_client, course):
    quiz = add_quiz(course, "sealed", reveal=Reveal.NEVER)
    answer_quiz(trainee_client, quiz, right=False)
    answer_quiz(trainee_client, quiz, right=True)
    answers = downloaded_answers(trainee_client)["sealed"]
    assert len(answers) == 4
    assert all("right" not in answer for answer in answers)
    assert {answer["chosen"][0] for answer in answers} == {
        "Right sealed-1",
        "Right sealed-2",
        "Wrong sealed-1",
        "Wrong sealed-2",
    }  # what the trainee chose is theirs to have
    assert "true" not in json.dumps(answers) and "false" not in json.dumps(answers)


def test_data_download_tells_right_from_wrong_as_far_as_the_results_page(trainee_client, course):
    quiz = add_quiz(course, "after", reveal=Reveal.AFTER_PASS)
    answer_quiz(trainee_client, quiz, right=False)
    assert [answer["right"] for answer in downloaded_answers(trainee_client)["after"]] == [
        False,
        False,
    ]
