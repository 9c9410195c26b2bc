import os
import secrets
import subprocess
import sys

from django.conf import settings

SECRET = secrets.token_urlsafe(50)


def run_django(code, **environment):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "PORTAL_ENV"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="diplomacy_portal.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("pass", PORTAL_ENV="production", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django("pass", PORTAL_ENV="production", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_debug_off():
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        PORTAL_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_development_needs_no_variables():
    result = run_django("from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_deploy_check_is_clean_under_production_settings():
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser tests set it for this process only.
    unwanted = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(PORTAL_ENV="production", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
