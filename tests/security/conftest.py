import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

# The settings that make production production: read from diplomacy_portal.settings in a
# process started with PORTAL_ENV=production, then applied to this one.
PRODUCTION_SETTING_PREFIXES = (
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
    "CSRF_TRUSTED_ORIGINS",
    "LANGUAGE_COOKIE_",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "MIDDLEWARE",
    "DEBUG",
    "AXES_CLIENT_IP_CALLABLE",
    "TRUSTED_PROXY_COUNT",
)

READ_SETTINGS = f"""
import json, django
django.setup()
from django.conf import settings
names = [n for n in dir(settings) if n.isupper() and n.startswith({PRODUCTION_SETTING_PREFIXES!r})]
print(json.dumps({{name: getattr(settings, name) for name in names}}))
"""


def read_production_settings(**environment):
    """The production settings' values, read in a process started with PORTAL_ENV=production."""
    unwanted = {"DEBUG", "BEHIND_TLS_PROXY", "TRUSTED_PROXY_COUNT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SITE_ORIGIN="https://testserver",
        EMAIL_HOST="smtp.example.org",
        DJANGO_SETTINGS_MODULE="diplomacy_portal.settings",
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def production_settings_values():
    return read_production_settings()


@pytest.fixture
def production(settings, production_settings_values):
    """This test runs with the production security settings (HTTPS only: use secure=True)."""
    for name, value in production_settings_values.items():
        setattr(settings, name, value)
    assert settings.SECURE_SSL_REDIRECT is True
    return settings


# Tests about the password hashing itself: these run on the production hashers, every other test
# on the fast one of tests/conftest.py.
PRODUCTION_HASHER_TESTS = {
    "tests/security/test_logins.py::test_passwords_use_djangos_default_hasher_and_validators",
}


@pytest.fixture
def password_hashers(request, settings):
    if request.node.nodeid not in PRODUCTION_HASHER_TESTS:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
