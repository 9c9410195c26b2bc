import re
import time
from http import HTTPStatus

import pytest
from django.core import signing
from django.urls import reverse

from accounts.forms import ATTEMPT_SALT
from courses import services
from courses.forms import new_attempt_token, read_attempt_token
from courses.models import Attempt, Reveal
from courses.progress import StepLocked
from tests.courses.builders import add_quiz, answer_quiz


def test_quiz_page_needs_an_account(client, quiz):
    response = client.get(quiz.get_absolute_url())
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{reverse('login')}?next={quiz.get_absolute_url()}"


def test_quiz_form_leaks_no_correct_answer(trainee_client, quiz):
    """The form looks the same whichever choices are correct: nothing in it can tell them apart."""
    html = trainee_client.get(quiz.get_absolute_url()).content.decode()
    choices = [c for q in quiz.questions.all() for c in q.choices.all()]
    assert "correct" not in html.lower()
    form = re.search(r'<form[^>]*class="[^"]*quiz[^"]*".*?</form>', html, re.S)
    assert "data-" not in (form.group(0) if form else html)
    for choice in choices:
        assert choice.feedback not in html
    flipped = re.sub(r'name="(token|csrfmiddlewaretoken)" value="[^"]*"', "", html)
    for choice in choices:
        choice.is_correct = not choice.is_correct
        choice.save()
    again = trainee_client.get(quiz.get_absolute_url()).content.decode()
    again = re.sub(r'name="(token|csrfmiddlewaretoken)" value="[^"]*"', "", again)
    assert again == flipped


def test_explanations_are_not_in_the_form(trainee_client, quiz):
    html = trainee_client.get(quiz.get_absolute_url()).content.decode()
    assert "Because of lesson" not in html


def test_incomplete_submission_gets_the_form_back_and_records_nothing(trainee_client, quiz):
    response, data = answer_quiz(trainee_client, quiz)
    Attempt.objects.all().delete()
    first_question = sorted(k for k in data if k.startswith("question_"))[0]
    del data[first_question]
    response = trainee_client.post(quiz.get_absolute_url(), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Please answer this question." in response.content.decode()
    assert not Attempt.objects.exists()


def test_choice_of_another_question_is_refused(trainee_client, quiz):
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    names = sorted(set(re.findall(r'name="(question_\d+)"', page)))
    data = {"token": token, names[0]: "1", names[1]: "7"}
    response = trainee_client.post(quiz.get_absolute_url(), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", "eyJxdWl6IjoxfQ:bad:signature"])
def test_tampered_token_is_refused(trainee_client, quiz, token):
    _, data = answer_quiz(trainee_client, quiz)
    Attempt.objects.all().delete()
    data["token"] = token
    response = trainee_client.post(quiz.get_absolute_url(), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "altered or has expired" in response.content.decode()
    assert not Attempt.objects.exists()


def test_token_of_another_quiz_is_refused(trainee_client, course, quiz):
    other = add_quiz(course, "other")
    _, data = answer_quiz(trainee_client, other)
    response = trainee_client.post(quiz.get_absolute_url(), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Attempt.objects.filter(quiz=quiz).count() == 0


def test_submitting_the_same_attempt_twice_records_it_once(trainee_client, quiz):
    first, data = answer_quiz(trainee_client, quiz)
    second = trainee_client.post(quiz.get_absolute_url(), data)
    assert Attempt.objects.count() == 1
    assert second.status_code == HTTPStatus.FOUND
    assert second.url == first.url
    attempt = Attempt.objects.get()
    assert attempt.answers.count() == 2


def test_multiple_choice_scores_only_all_and_only_the_correct_choices(trainee_client, course):
    from model_bakery import baker

    quiz = baker.make("courses.Quiz", course=course, slug="multi", title="Multi")
    question = baker.make("courses.Question", quiz=quiz, position=1, kind="multiple", prompt="Pick")
    for position, (text, correct) in enumerate([("A", True), ("B", True), ("C", False)], 1):
        baker.make(
            "courses.Choice", question=question, position=position, text=text, is_correct=correct
        )

    def submit(values):
        page = trainee_client.get(quiz.get_absolute_url()).content.decode()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        return trainee_client.post(
            quiz.get_absolute_url(), {"token": token, f"question_{question.pk}": values}
        )

    submit(["1"])
    submit(["1", "2", "3"])
    submit(["1", "2"])
    assert [a.score for a in Attempt.objects.order_by("submitted_at", "pk")] == [0, 0, 100]


def test_shuffled_choices_change_order_between_attempt_forms(trainee_client, course):
    quiz = add_quiz(course, "shuffled", questions=6, shuffle_choices=True)
    orders = set()
    for _ in range(6):
        page = trainee_client.get(quiz.get_absolute_url()).content.decode()
        orders.add(tuple(re.findall(r"(Right|Wrong) shuffled", page)))
    assert len(orders) > 1


def test_shuffled_quiz_scores_by_what_was_shown(trainee_client, course):
    quiz = add_quiz(course, "shuffled", questions=4, shuffle_choices=True)
    response, _ = answer_quiz(trainee_client, quiz, right=True)
    assert Attempt.objects.get().score == 100


def test_attempt_limit_is_enforced(trainee_client, course):
    quiz = add_quiz(course, "limited", max_attempts=2)
    answer_quiz(trainee_client, quiz, right=False)
    answer_quiz(trainee_client, quiz, right=False)
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    assert "used all the attempts" in page
    assert 'name="token"' not in page
    response = trainee_client.post(quiz.get_absolute_url(), {"token": "x"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Attempt.objects.count() == 2


def test_a_quiz_stays_passed_after_a_failed_retake(trainee_client, course, quiz):
    answer_quiz(trainee_client, quiz, right=True)
    answer_quiz(trainee_client, quiz, right=False)
    progress = course.progress_for(Attempt.objects.first().user)
    assert quiz.pk in progress.passed_quiz_ids


def test_reveal_after_pass_shows_only_right_or_wrong_until_passed(trainee_client, course):
    quiz = add_quiz(course, "gated", reveal=Reveal.AFTER_PASS)
    failed, _ = answer_quiz(trainee_client, quiz, right=False)
    page = trainee_client.get(failed.url).content.decode()
    assert "Wrong" in page and "✗" in page
    assert "Because of lesson" not in page
    assert "Correct answer" not in page
    answer_quiz(trainee_client, quiz, right=True)
    page = trainee_client.get(failed.url).content.decode()
    assert "Because of lesson" in page
    assert "Correct answer" in page


def test_reveal_never_shows_only_the_score(trainee_client, course):
    quiz = add_quiz(course, "secret", reveal=Reveal.NEVER)
    response, _ = answer_quiz(trainee_client, quiz, right=True)
    page = trainee_client.get(response.url).content.decode()
    assert "100%" in page
    assert "Correct answer" not in page
    assert "Because of lesson" not in page
    assert "Right secret-1" not in page


def test_a_trainee_cannot_open_someone_elses_attempt(
    trainee_client, quiz, django_user_model, client
):
    response, _ = answer_quiz(trainee_client, quiz)
    other = django_user_model.objects.create_user(username="other", password="x-long-password-1")
    trainee_client.force_login(other)
    assert trainee_client.get(response.url).status_code == HTTPStatus.NOT_FOUND


# Attempt tokens: signed, for one quiz and one trainee, single-use and short-lived


class PastSigner(signing.TimestampSigner):
    """Signs as if it were two days ago."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 2 * 24 * 60 * 60)


def test_an_expired_token_is_refused(trainee_client, trainee, quiz):
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    fresh = re.search(r'name="token" value="([^"]+)"', page).group(1)
    nonce = signing.loads(fresh, salt=ATTEMPT_SALT)["nonce"]
    old = PastSigner(salt=ATTEMPT_SALT).sign_object(
        {"quiz": quiz.pk, "user": trainee.pk, "nonce": nonce}
    )
    data = {
        f"question_{question.pk}": "1" for question in quiz.questions.all()
    }  # the options were numbered by the nonce: the same answers as on the page
    response = trainee_client.post(quiz.get_absolute_url(), {**data, "token": old})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "has expired" in response.content.decode()
    assert not Attempt.objects.exists()
    assert read_attempt_token(fresh, quiz=quiz, user=trainee) == nonce
    assert read_attempt_token(old, quiz=quiz, user=trainee) is None
    assert read_attempt_token(old, quiz=quiz, user=trainee, max_age=3 * 24 * 60 * 60) == nonce


def test_token_lifetime_is_a_setting(trainee_client, trainee, quiz, settings):
    settings.ATTEMPT_TOKEN_MAX_AGE = -1  # already too old when made
    response, _ = answer_quiz(trainee_client, quiz)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Attempt.objects.exists()


def test_a_token_is_good_for_one_attempt(trainee_client, quiz):
    response, data = answer_quiz(trainee_client, quiz)
    assert trainee_client.post(quiz.get_absolute_url(), data).url == response.url
    assert Attempt.objects.count() == 1


# Attempt limits, held by the service that records attempts


def test_the_attempt_service_refuses_past_the_limit(trainee, course):
    quiz = add_quiz(course, "limited", max_attempts=2)
    graded = [(question, [], False) for question in quiz.questions.all()]
    for token in ("a", "b"):
        services.submit_attempt(user=trainee, quiz=quiz, token=token, graded_answers=graded)
    with pytest.raises(services.AttemptLimitReached):
        services.submit_attempt(user=trainee, quiz=quiz, token="c", graded_answers=graded)
    assert Attempt.objects.count() == 2
    # A token already recorded is still answered with its attempt, not refused.
    assert (
        services.submit_attempt(user=trainee, quiz=quiz, token="a", graded_answers=graded)[1]
        is False
    )


def test_forms_opened_before_the_limit_was_reached_get_the_page_back(trainee_client, course):
    quiz = add_quiz(course, "limited", max_attempts=2)
    forms = []
    for _ in range(3):
        page = trainee_client.get(quiz.get_absolute_url()).content.decode()
        forms.append(re.search(r'name="token" value="([^"]+)"', page).group(1))
    answers = {f"question_{question.pk}": "1" for question in quiz.questions.all()}
    statuses = [
        trainee_client.post(quiz.get_absolute_url(), {**answers, "token": token}).status_code
        for token in forms
    ]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST]
    assert Attempt.objects.count() == 2


# Courses taken in order: quizzes open with the lessons before them


@pytest.fixture
def in_order(course):
    course.lessons_in_order = True
    course.save()
    return course


def test_a_quiz_of_a_course_taken_in_order_waits_for_its_lessons(
    trainee_client, trainee, in_order, quiz
):
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    assert "Finish “Lesson 1” first, then this quiz opens." in page
    assert 'name="token"' not in page
    token = new_attempt_token(quiz=quiz, user=trainee)
    answers = {f"question_{question.pk}": "1" for question in quiz.questions.all()}
    response = trainee_client.post(quiz.get_absolute_url(), {**answers, "token": token})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Attempt.objects.exists()
    first = in_order.lessons.get(position=1)
    trainee_client.post(reverse("courses:lesson_complete", args=[in_order.slug, first.slug]))
    response, _ = answer_quiz(trainee_client, quiz)
    assert response.status_code == HTTPStatus.FOUND
    assert Attempt.objects.filter(user=trainee, quiz=quiz, passed=True).exists()


def test_a_final_quiz_of_a_course_taken_in_order_waits_for_every_lesson(
    trainee_client, trainee, in_order, final_quiz
):
    first, second = in_order.lessons.order_by("position")
    trainee_client.post(reverse("courses:lesson_complete", args=[in_order.slug, first.slug]))
    page = trainee_client.get(final_quiz.get_absolute_url()).content.decode()
    assert "Finish “Lesson 2” first, then this quiz opens." in page
    with pytest.raises(StepLocked):
        services.submit_attempt(user=trainee, quiz=final_quiz, token="t", graded_answers=[])
    trainee_client.post(reverse("courses:lesson_complete", args=[in_order.slug, second.slug]))
    response, _ = answer_quiz(trainee_client, final_quiz)
    assert response.status_code == HTTPStatus.FOUND


def test_the_lesson_service_keeps_the_order_too(trainee, in_order):
    second = in_order.lessons.get(position=2)
    with pytest.raises(StepLocked) as locked:
        services.complete_lesson(user=trainee, lesson=second)
    assert locked.value.lesson.slug == "lesson-1"
