"""Pages for a signed-in user say ``private, no-store``; public ones stay cacheable."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.cache import get_max_age

from accounts.roles import STAFF_REPORT_VIEWERS
from certificates.models import Certificate
from courses.models import Attempt
from tests.courses.builders import add_quiz, answer_quiz


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private_no_store(response):
    assert response.status_code == HTTPStatus.OK, response.status_code
    assert {"private", "no-store"} <= directives(response), response.get("Cache-Control")
    assert "public" not in directives(response)


@pytest.fixture
def trainee(trainee_factory):
    return trainee_factory("amina")


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


@pytest.fixture
def quiz(course):
    return add_quiz(course, "check-1", after_lesson=course.lessons.get(position=1))


@pytest.fixture
def attempt(trainee_client, quiz):
    answer_quiz(trainee_client, quiz)
    return Attempt.objects.get(quiz=quiz)


@pytest.mark.parametrize(
    "url_name", ["courses:dashboard", "accounts:profile", "accounts:delete_account"]
)
def test_account_pages_are_not_stored(trainee_client, url_name):
    assert_private_no_store(trainee_client.get(reverse(url_name)))


def test_quiz_page_is_not_stored(trainee_client, quiz):
    assert_private_no_store(trainee_client.get(quiz.get_absolute_url()))


def test_attempt_page_is_not_stored(trainee_client, attempt):
    assert_private_no_store(trainee_client.get(attempt.get_absolute_url()))


def test_certificate_page_is_not_stored(trainee_client, trainee, course):
    certificate = Certificate.objects.create(user=trainee, course=course, name="Amina")
    assert_private_no_store(trainee_client.get(certificate.get_absolute_url()))


@pytest.mark.parametrize(
    "url_name",
    [
        "courses:course_report",
        "courses:course_report_csv",
        "courses:hardest_questions_csv",
        "courses:item_analysis_csv",
    ],
)
def test_reports_and_their_csv_are_not_stored(client, course, trainee_factory, url_name):
    viewer = trainee_factory("lead")
    viewer.groups.add(Group.objects.get(name=STAFF_REPORT_VIEWERS))
    client.force_login(viewer)
    assert_private_no_store(client.get(reverse(url_name, args=[course.slug])))


def test_a_public_page_seen_signed_in_is_not_stored(trainee_client, course):
    """It carries the user's name in the header, like every page for a signed-in user."""
    response = trainee_client.get(course.get_absolute_url())
    assert_private_no_store(response)


def test_a_public_page_seen_anonymously_stays_cacheable(client, course):
    response = client.get(course.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "no-store" not in directives(response)
    assert "private" not in directives(response)
    assert get_max_age(response) == 0  # revalidated, as the public page cache decides


def test_a_view_that_chose_its_own_policy_keeps_it(trainee_client):
    response = trainee_client.get(reverse("healthz"))
    assert directives(response) >= {"no-cache", "no-store", "must-revalidate", "private"}
