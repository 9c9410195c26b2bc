"""The session engine and the auth backend that read by plain statements give Django's results.

Every case runs twice on the same kind of database state: once with Django's own database
sessions and ``ModelBackend``, once with ``accounts.sessions`` and ``AccountBackend``; the two
outcomes must be equal, and equal to what Django is known to do.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user,
    load_backend,
)
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import DataError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Variant:
    name: str
    engine: str
    backend: str

    def settings(self):
        return override_settings(
            SESSION_ENGINE=self.engine,
            AUTHENTICATION_BACKENDS=["axes.backends.AxesStandaloneBackend", self.backend],
        )

    def store(self, key=None):
        return import_module(self.engine).SessionStore(key)

    def get_user(self, user_id):
        return load_backend(self.backend).get_user(user_id)


DJANGO = Variant(
    "django", "django.contrib.sessions.backends.db", "django.contrib.auth.backends.ModelBackend"
)
FAST = Variant("fast", "accounts.sessions", "accounts.backends.AccountBackend")


def outcome(action, *args):
    """What ``action(*args)`` gives: its value, or the kind of error it raises."""
    try:
        return ("returned", action(*args))
    except Exception as error:  # the kind of error is the outcome compared
        return ("raised", type(error))


def in_both(scenario):
    """``scenario(variant)`` under Django's own pieces and under the fast ones; both outcomes."""
    results = {}
    for variant in (DJANGO, FAST):
        with variant.settings():
            results[variant.name] = scenario(variant)
    return results["django"], results["fast"]


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def amina(db):
    return User.objects.create_user(username="amina", password=PASSWORD, display_name="Amina")


def saved_session(user, backend, **expiry):
    """A session row for ``user`` as ``login()`` leaves it, written by Django's own store."""
    store = DjangoSessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["theme"] = "dark"
    if expiry:
        store.set_expiry(timezone.now() + timedelta(**expiry))
    store.create()
    return store.session_key


def loaded(variant, key):
    store = variant.store(key)
    return outcome(store.load), store.session_key


# The session store's load().


def test_a_valid_session_loads_the_same_data(amina):
    key = saved_session(amina, FAST.backend)
    django, fast = in_both(lambda variant: loaded(variant, key))
    assert django == fast
    assert fast[0][1] == {
        SESSION_KEY: str(amina.pk),
        BACKEND_SESSION_KEY: FAST.backend,
        HASH_SESSION_KEY: amina.get_session_auth_hash(),
        "theme": "dark",
    }
    assert fast[1] == key


def test_an_expired_session_loads_nothing_and_drops_its_key(amina):
    key = saved_session(amina, FAST.backend, seconds=-1)
    django, fast = in_both(lambda variant: loaded(variant, key))
    assert django == fast == (("returned", {}), None)


def test_a_session_that_expires_later_still_loads(amina):
    key = saved_session(amina, FAST.backend, seconds=30)
    django, fast = in_both(lambda variant: loaded(variant, key))
    assert django == fast
    assert fast[0][1]["theme"] == "dark"


@pytest.mark.parametrize(
    "key",
    [
        "no-such-session-key-0000000000",
        "x",
        "",
        None,
        "' OR '1'='1",
        "%00" * 20,
        "k" * 1000,
        "sessión-ключ-会话",
    ],
)
def test_a_missing_or_garbled_key_loads_nothing_and_drops_the_key(amina, key):
    saved_session(amina, FAST.backend)
    django, fast = in_both(lambda variant: loaded(variant, key))
    assert django == fast == (("returned", {}), None)


def test_a_key_with_a_nul_character_fares_as_with_djangos_store(amina):
    """PostgreSQL refuses NUL in a parameter (DataError); SQLite finds no row. Either way, alike."""
    saved_session(amina, FAST.backend)
    django, fast = in_both(lambda variant: loaded(variant, "\x00" * 32))
    assert django == fast
    assert fast in [(("returned", {}), None), (("raised", DataError), "\x00" * 32)]


def test_tampered_session_data_loads_nothing_but_keeps_the_key(amina):
    key = saved_session(amina, FAST.backend)
    Session.objects.filter(session_key=key).update(session_data="tampered:data:here")
    django, fast = in_both(lambda variant: loaded(variant, key))
    assert django == fast == (("returned", {}), key)


# The backend's get_user().


def state_of(user):
    """Every attribute of a loaded user, with each value's exact type and time zone."""
    if user is None:
        return None
    values = {name: repr(value) for name, value in vars(user).items() if name != "_state"}
    return type(user), values, user._state.db, user._state.adding, user._state.fields_cache


def test_every_field_of_the_account_is_read_as_django_reads_it(db):
    user = User.objects.create_user(
        username="ngozi",
        password=PASSWORD,
        email="ngozi@example.org",
        first_name="Ngozi",
        last_name="Okonjo-Iweala",
        display_name="Ngozi Ö. 岡",
        is_staff=True,
        is_superuser=True,
    )
    User.objects.filter(pk=user.pk).update(
        last_login=datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC),
        date_joined=datetime(2025, 10, 26, 0, 59, 59, 999999, tzinfo=UTC),
    )
    django, fast = in_both(lambda variant: state_of(variant.get_user(str(user.pk))))
    assert django == fast
    read = DJANGO.get_user(user.pk)
    assert {field.attname for field in User._meta.concrete_fields} <= set(fast[1])
    assert read.last_login == datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    assert read.last_login.utcoffset() == timedelta(0)
    assert read.date_joined.microsecond == 999999
    assert read.display_name == "Ngozi Ö. 岡"
    assert read.is_superuser is True


def test_an_account_never_signed_in_has_no_last_login_either_way(amina):
    django, fast = in_both(lambda variant: state_of(variant.get_user(str(amina.pk))))
    assert django == fast
    assert fast[1]["last_login"] == "None"


def test_a_deactivated_account_is_found_by_neither(amina):
    amina.is_active = False
    amina.save()
    django, fast = in_both(lambda variant: variant.get_user(str(amina.pk)))
    assert django is None
    assert fast is None


def test_a_deleted_account_is_found_by_neither(amina):
    pk = amina.pk
    amina.delete()
    django, fast = in_both(lambda variant: variant.get_user(str(pk)))
    assert django is None
    assert fast is None


@pytest.mark.parametrize("user_id", ["99999999", 99999999, None])
def test_an_id_that_is_no_account_is_found_by_neither(amina, user_id):
    django, fast = in_both(lambda variant: outcome(variant.get_user, user_id))
    assert django == fast == ("returned", None)


@pytest.mark.parametrize("user_id", ["not-a-number", ""])
def test_an_id_that_is_no_number_never_reaches_either_backend(amina, user_id):
    """The one difference: called directly, ModelBackend raises ValueError where AccountBackend
    answers None. Signed-in requests cannot tell: ``get_user`` converts the session's id first,
    and refuses such an id with the same error before either backend is asked."""
    assert outcome(DJANGO.get_user, user_id) == ("raised", ValueError)
    assert outcome(FAST.get_user, user_id) == ("returned", None)

    def from_session(variant):
        key = saved_session(amina, variant.backend)
        Session.objects.filter(session_key=key).update(
            session_data=DjangoSessionStore().encode(
                {SESSION_KEY: user_id, BACKEND_SESSION_KEY: variant.backend}
            )
        )
        return outcome(get_user, request_with_session(variant, key))

    django, fast = in_both(from_session)
    assert django == fast == ("raised", ValidationError)


# The session hash check, through django.contrib.auth.get_user and through the test client.


def request_with_session(variant, key):
    request = RequestFactory().get("/")
    request.session = variant.store(key)
    return request


def who_get_user_finds(variant, user, change):
    """Sign ``user`` in, apply ``change`` elsewhere, then ask ``get_user`` who this is."""
    key = saved_session(user, variant.backend)
    before = get_user(request_with_session(variant, key))
    change(User.objects.get(pk=user.pk))
    request = request_with_session(variant, key)
    after = get_user(request)
    return (
        before == user,
        type(after),
        after == user,
        request.session.session_key == key,
        Session.objects.filter(session_key=key).exists(),
    )


def change_password(user):
    user.set_password("another-long-password")
    user.save()


def deactivate(user):
    user.is_active = False
    user.save()


def nothing(user):
    pass


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (nothing, (True, User, True, True, True)),
        # A changed password changes the hash: the session is flushed, its row deleted.
        (change_password, (True, AnonymousUser, False, False, False)),
        # No account is found: the session is left alone but signs no one in.
        (deactivate, (True, AnonymousUser, False, True, True)),
        (User.delete, (True, AnonymousUser, False, True, True)),
    ],
)
def test_get_user_answers_as_with_djangos_own(db, change, expected):
    def scenario(variant):
        user = User.objects.create_user(username=f"amina-{variant.name}", password=PASSWORD)
        return who_get_user_finds(variant, user, change)

    django, fast = in_both(scenario)
    assert django == fast == expected


def signed_in_client(variant):
    user = User.objects.create_user(username=f"amina-{variant.name}", password=PASSWORD)
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert client.session[BACKEND_SESSION_KEY] == variant.backend
    return client, user


def dashboard_visit(client):
    response = client.get(reverse("courses:dashboard"))
    return response.status_code, response.wsgi_request.user.is_authenticated


def session_row_exists(client):
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.filter(session_key=key).exists()


@pytest.mark.parametrize(
    ("change", "row_kept"),
    [(change_password, False), (deactivate, True), (User.delete, True)],
)
def test_a_signed_in_browser_is_signed_out_as_with_djangos_own(db, change, row_kept):
    def scenario(variant):
        client, user = signed_in_client(variant)
        before = dashboard_visit(client)
        change(User.objects.get(pk=user.pk))
        return before, dashboard_visit(client), session_row_exists(client)

    django, fast = in_both(scenario)
    assert django == fast
    assert fast == ((HTTPStatus.OK, True), (HTTPStatus.FOUND, False), row_kept)


def test_a_password_changed_in_this_browser_keeps_it_signed_in_either_way(db):
    def scenario(variant):
        client, _ = signed_in_client(variant)
        response = client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "another-long-password-7",
                "new_password2": "another-long-password-7",
            },
        )
        return response.status_code, dashboard_visit(client)

    django, fast = in_both(scenario)
    assert django == fast == (HTTPStatus.FOUND, (HTTPStatus.OK, True))


def test_an_expired_session_cookie_signs_no_one_in_either_way(db):
    def scenario(variant):
        client, _ = signed_in_client(variant)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        return dashboard_visit(client)

    django, fast = in_both(scenario)
    assert django == fast == (HTTPStatus.FOUND, False)


@pytest.mark.parametrize("cookie", ["no-such-session-key", "x", "' OR '1'='1", "%00" * 20])
def test_a_garbled_session_cookie_is_an_anonymous_visit_either_way(db, cookie):
    def scenario(variant):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        return dashboard_visit(client)

    django, fast = in_both(scenario)
    assert django == fast == (HTTPStatus.FOUND, False)
