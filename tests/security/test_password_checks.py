"""Password checks outside the login (account deletion, password change) lock out like logins."""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "another-long-test-password"
ADDRESS = "192.0.2.10"


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def trainee(db, fast_hashing, django_user_model):
    return django_user_model.objects.create_user(username="amina", password=PASSWORD)


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


def delete_account(client, password):
    return client.post(
        reverse("accounts:delete_account"), {"password": password}, REMOTE_ADDR=ADDRESS
    )


def change_password(client, password):
    return client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )


CHECKS = {"delete": delete_account, "change": change_password}


@pytest.mark.parametrize("check", CHECKS)
def test_four_wrong_passwords_still_let_the_right_one_through(trainee_client, trainee, check):
    for _ in range(4):
        response = CHECKS[check](trainee_client, "wrong-password")
        assert response.status_code == HTTPStatus.OK
    assert CHECKS[check](trainee_client, PASSWORD).status_code == HTTPStatus.FOUND


def test_after_five_wrong_passwords_the_account_is_not_deleted_even_with_the_right_one(
    trainee_client, trainee, django_user_model
):
    for _ in range(5):
        delete_account(trainee_client, "wrong-password")
    response = delete_account(trainee_client, PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many attempts" in response.content.decode()
    assert django_user_model.objects.filter(pk=trainee.pk).exists()


def test_after_five_wrong_passwords_the_password_is_not_changed_even_with_the_right_one(
    trainee_client, trainee
):
    for _ in range(5):
        change_password(trainee_client, "wrong-password")
    response = change_password(trainee_client, PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    trainee.refresh_from_db()
    assert trainee.check_password(PASSWORD)
    assert not trainee.check_password(NEW_PASSWORD)


def test_wrong_passwords_here_and_at_the_login_add_up(client, trainee):
    for _ in range(3):
        client.post(
            reverse("login"), {"username": "amina", "password": "wrong"}, REMOTE_ADDR=ADDRESS
        )
    client.force_login(trainee)
    for _ in range(2):
        change_password(client, "wrong-password")
    assert change_password(client, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_wrong_password_is_recorded_against_the_user_and_address_but_not_what_was_typed(
    trainee_client,
):
    change_password(trainee_client, "wrong-password")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "amina",
        ADDRESS,
        1,
    )
    assert "wrong-password" not in attempt.post_data
    assert NEW_PASSWORD not in attempt.post_data


def test_the_password_change_page_still_opens_and_changes_the_password(trainee_client, trainee):
    assert trainee_client.get(reverse("password_change")).status_code == HTTPStatus.OK
    response = change_password(trainee_client, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    trainee.refresh_from_db()
    assert trainee.check_password(NEW_PASSWORD)
