import json
import os
import secrets
import stat
import subprocess
import sys

import pytest
from django.conf import settings

SECRET = secrets.token_urlsafe(50)
# What production needs besides a key and hosts: its address, and a mail server for resets.
SITE = {"SITE_ORIGIN": "https://portal.example.org", "EMAIL_HOST": "smtp.example.org"}
# Variables a test sets itself: none is taken from the environment the suite runs in.
SETTINGS_VARIABLES = {
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "PORTAL_ENV",
    "SITE_ORIGIN",
    "EMAIL_HOST",
    "PASSWORD_RESET_DISABLED",
    "TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_django(code, **environment):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(environment, DJANGO_SETTINGS_MODULE="diplomacy_portal.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("pass", PORTAL_ENV="production", ALLOWED_HOSTS="portal.example.org", **SITE)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django("pass", PORTAL_ENV="production", SECRET_KEY=SECRET, **SITE)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_debug_off():
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        PORTAL_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.example.org",
        **SITE,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_development_needs_no_variables(tmp_path):
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_deploy_check_is_clean_under_production_settings():
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser tests set it for this process only.
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        PORTAL_ENV="production", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.example.org", **SITE
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def production(**environment):
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "portal.example.org",
        **SITE,
        **environment,
    }


PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def test_development_processes_started_at_once_share_one_key_kept_in_a_file(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(SECRET_KEY_FILE=str(key_file), DJANGO_SETTINGS_MODULE="diplomacy_portal.settings")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", f"import django; django.setup(); {PRINT_KEY}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    keys = set()
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        keys.add(out.strip())
    assert len(keys) == 1
    key = keys.pop()
    assert len(key) >= 50
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [path.name for path in key_file.parent.iterdir()] == ["secret_key"]  # no leftovers
    again = run_django(PRINT_KEY, SECRET_KEY_FILE=str(key_file))
    assert again.stdout.strip() == key  # and the next start reads the same key


def test_secret_key_from_the_environment_wins_in_development(tmp_path):
    result = run_django(PRINT_KEY, SECRET_KEY=SECRET, SECRET_KEY_FILE=str(tmp_path / "key"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == SECRET
    assert not (tmp_path / "key").exists()


def test_an_unusable_key_file_is_refused_with_a_clear_message(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("\n")
    result = run_django(PRINT_KEY, SECRET_KEY_FILE=str(key_file))
    assert result.returncode != 0
    assert "holds no usable SECRET_KEY" in result.stderr


def test_production_never_reads_the_development_key_file(tmp_path):
    key_file = tmp_path / "secret_key"
    result = run_django("pass", **production(SECRET_KEY="", SECRET_KEY_FILE=str(key_file)))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert not key_file.exists()


def test_production_refuses_to_start_without_site_origin():
    result = run_django("pass", **production(SITE_ORIGIN=""))
    assert result.returncode != 0
    assert "SITE_ORIGIN" in result.stderr


@pytest.mark.parametrize(
    "origin",
    ["portal.example.org", "https://portal.example.org/portal/", "ftp://portal.example.org"],
)
def test_a_site_origin_that_is_not_a_scheme_and_host_is_refused(origin):
    result = run_django("pass", **production(SITE_ORIGIN=origin))
    assert result.returncode != 0
    assert "SITE_ORIGIN must be a scheme and host" in result.stderr


def test_development_site_origin_follows_the_port():
    code = "from django.conf import settings; print(settings.SITE_ORIGIN)"
    result = run_django(code, SECRET_KEY=SECRET, PORT="8941")
    assert result.stdout.strip() == "http://127.0.0.1:8941"


def test_production_refuses_to_start_without_a_mail_server():
    result = run_django("pass", **production(EMAIL_HOST=""))
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr
    assert "PASSWORD_RESET_DISABLED" in result.stderr


READ_MAIL_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.EMAIL_BACKEND, settings.PASSWORD_RESET_DISABLED)"
)


def test_production_with_resets_turned_off_starts_and_never_prints_mail():
    result = run_django(
        READ_MAIL_SETTINGS, **production(EMAIL_HOST="", PASSWORD_RESET_DISABLED="1")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.dummy.EmailBackend", "True"]


def test_production_with_a_mail_server_sends_by_smtp():
    result = run_django(READ_MAIL_SETTINGS, **production())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "False"]


def test_deploy_check_is_clean_with_resets_turned_off():
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(production(EMAIL_HOST="", PASSWORD_RESET_DISABLED="1"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_with_redis_every_cache_alias_is_on_redis_under_its_own_prefix():
    code = (
        "import json; from django.conf import settings; print(json.dumps("
        "{a: [c['BACKEND'], c['KEY_PREFIX']] for a, c in settings.CACHES.items()}))"
    )
    result = run_django(code, SECRET_KEY=SECRET, REDIS_URL="redis://cache.example.org:6379/0")
    assert result.returncode == 0, result.stderr
    redis = "django.core.cache.backends.redis.RedisCache"
    assert json.loads(result.stdout) == {
        "default": [redis, "portal-default"],
        "search": [redis, "portal-search"],
        "files": [redis, "portal-files"],
    }
