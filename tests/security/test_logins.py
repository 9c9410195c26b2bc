"""Brute-force protection (django-axes) on the site's login and the admin's login."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.security import forwarded_client_address
from tests.security.conftest import read_production_settings

PASSWORD = "a-long-test-password"
LOGIN_URLS = ["admin:login", "login"]


@pytest.fixture
def fast_hashing(settings):
    """Many logins per test: a cheap hasher keeps them quick (the real one is tested below)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db, fast_hashing, django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )


def attempt(client, url_name, password, *, username="editor", address="192.0.2.10"):
    return client.post(
        reverse(url_name),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, url_name, times, **kwargs):
    for _ in range(times):
        response = attempt(client, url_name, "wrong-password", **kwargs)
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}
    return response


def logged_in(response):
    return response.status_code == HTTPStatus.FOUND


def test_settings_lock_out_per_username_and_address_for_a_while():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_RESET_ON_SUCCESS is True


@pytest.mark.parametrize("url_name", LOGIN_URLS)
def test_four_failures_still_let_the_right_password_in(client, staff, url_name):
    fail(client, url_name, 4)
    assert logged_in(attempt(client, url_name, PASSWORD))


@pytest.mark.parametrize("url_name", LOGIN_URLS)
def test_the_fifth_failure_locks_the_login_out(client, staff, url_name):
    fail(client, url_name, 4)
    response = attempt(client, url_name, "wrong-password")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode().replace("\xa0", " ")
    assert "Too many attempts to log in" in html
    assert "15 minutes" in html
    response = attempt(client, url_name, PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_a_lockout_on_one_login_page_holds_on_the_other(client, staff):
    fail(client, "login", 5)
    assert attempt(client, "admin:login", PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_same_username_from_another_address_is_not_locked_out(client, staff):
    fail(client, "login", 5)
    assert logged_in(attempt(client, "login", PASSWORD, address="198.51.100.7"))


def test_another_username_from_the_same_address_is_not_locked_out(
    client, fast_hashing, staff, trainee_factory
):
    trainee_factory("amina")
    fail(client, "login", 5)
    assert logged_in(attempt(client, "login", PASSWORD, username="amina"))


def test_a_successful_login_resets_the_count(client, staff):
    fail(client, "login", 4)
    assert logged_in(attempt(client, "login", PASSWORD))
    client.logout()
    fail(client, "login", 4)
    assert logged_in(attempt(client, "login", PASSWORD))


def test_the_lockout_ends_after_the_cool_off(client, staff):
    fail(client, "login", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert logged_in(attempt(client, "login", PASSWORD))


def test_an_admin_lifts_a_lockout_in_the_admin(client, staff, superuser):
    fail(client, "login", 5)
    locked = AccessAttempt.objects.get(username="editor")
    admin = type(client)()
    admin.force_login(superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "editor" in admin.get(changelist).content.decode()
    response = admin.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [locked.pk], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not AccessAttempt.objects.exists()
    assert logged_in(attempt(client, "login", PASSWORD))


def forwarded(header, address="10.0.0.1"):
    return RequestFactory().get("/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=header)


def test_without_trusted_proxies_the_client_address_is_the_sockets(settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.security.forwarded_client_address"
    assert forwarded_client_address(forwarded("203.0.113.9, 192.0.2.44")) == "10.0.0.1"


def test_behind_one_proxy_the_client_address_is_the_one_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert forwarded_client_address(forwarded("203.0.113.9, 192.0.2.44")) == "192.0.2.44"
    assert forwarded_client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == (
        "10.0.0.1"
    )


def test_behind_two_proxies_the_client_address_is_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    header = "198.51.100.1, 203.0.113.9, 10.0.0.7"  # forged, client, first proxy
    assert forwarded_client_address(forwarded(header)) == "203.0.113.9"
    assert forwarded_client_address(forwarded("203.0.113.9")) == "10.0.0.1"  # too few entries


def test_a_forwarded_for_header_does_not_lift_a_lockout_behind_a_tls_proxy_by_default(
    client, staff, settings
):
    behind_proxy = read_production_settings(BEHIND_TLS_PROXY="1")
    settings.AXES_CLIENT_IP_CALLABLE = behind_proxy["AXES_CLIENT_IP_CALLABLE"]
    settings.TRUSTED_PROXY_COUNT = behind_proxy.get("TRUSTED_PROXY_COUNT", 0)
    fail(client, "login", 5)
    response = client.post(
        reverse("login"),
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="10.0.0.2",
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_behind_one_proxy_lockouts_follow_the_address_the_proxy_appended(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    client_a = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.99, 192.0.2.10"}
    for _ in range(5):
        client.post(reverse("login"), {"username": "editor", "password": "wrong"}, **client_a)
    response = client.post(
        reverse("login"), {"username": "editor", "password": PASSWORD}, **client_a
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    client_b = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.10, 198.51.100.7"}
    response = client.post(
        reverse("login"), {"username": "editor", "password": PASSWORD}, **client_b
    )
    assert logged_in(response)


def test_passwords_use_djangos_default_hasher_and_validators(db, django_user_model):
    user = django_user_model.objects.create_user(username="someone", password=PASSWORD)
    assert get_hasher("default").algorithm == "pbkdf2_sha256"
    assert user.password.startswith("pbkdf2_sha256$")
    assert len(settings.AUTH_PASSWORD_VALIDATORS) == 4
