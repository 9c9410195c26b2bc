"""Who is signed in: the session and the account are read afresh on every request."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import AccountBackend
from accounts.sessions import SessionStore

PASSWORD = "a-long-test-password"


@pytest.fixture
def trainee(db, settings, django_user_model):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_user(
        username="amina", password=PASSWORD, display_name="Amina"
    )


@pytest.fixture
def signed_in(client, trainee):
    response = client.post(reverse("login"), {"username": "amina", "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    return client


def is_signed_in(client):
    response = client.get(reverse("courses:dashboard"))
    return response.status_code == HTTPStatus.OK


def copy_of(client):
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return other


def test_a_login_is_kept_from_request_to_request(signed_in, trainee):
    assert is_signed_in(signed_in)
    assert signed_in.session[SESSION_KEY] == str(trainee.pk)


def test_the_session_and_the_account_are_read_in_one_query_each(signed_in, trainee):
    key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        data = store.load()
        user = AccountBackend().get_user(data[SESSION_KEY])
    assert user == trainee
    assert len(queries) == 2


def test_logging_out_ends_the_session_wherever_its_cookie_is(signed_in):
    elsewhere = copy_of(signed_in)
    assert is_signed_in(elsewhere)

    signed_in.post(reverse("logout"))

    assert not is_signed_in(elsewhere)
    assert not is_signed_in(signed_in)


def test_an_expired_session_signs_no_one_in(signed_in):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not is_signed_in(signed_in)


def test_a_deactivated_account_is_signed_out_at_its_next_request(signed_in, trainee):
    trainee.is_active = False
    trainee.save()
    assert not is_signed_in(signed_in)


def test_a_password_changed_elsewhere_signs_the_other_sessions_out(signed_in, trainee):
    trainee.set_password("another-long-password")
    trainee.save()
    assert not is_signed_in(signed_in)


def test_a_deleted_account_is_signed_out(signed_in, trainee):
    trainee.delete()
    assert not is_signed_in(signed_in)


@pytest.mark.parametrize("cookie", ["no-such-session-key", "x", "' OR '1'='1", "%00" * 20])
def test_an_unknown_or_malformed_session_cookie_is_an_anonymous_visit(client, trainee, cookie):
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert not is_signed_in(client)
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    assert "Log in" in response.text


@pytest.mark.parametrize("user_id", ["not-a-number", "", None, "99999999"])
def test_the_backend_finds_no_one_for_an_id_that_is_no_account(trainee, user_id):
    assert AccountBackend().get_user(user_id) is None


def test_the_backend_finds_the_account_for_its_id(trainee):
    user = AccountBackend().get_user(str(trainee.pk))
    assert user == trainee
    assert user.display_name == "Amina"
    assert user.date_joined == trainee.date_joined
    assert user.is_active is True
    assert user.is_staff is False
    assert user._state.adding is False
    assert user.get_session_auth_hash() == trainee.get_session_auth_hash()
