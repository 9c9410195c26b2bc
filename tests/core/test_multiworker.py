"""The portal as `make run` serves it: gunicorn with several workers, on a fresh database.

A request may land on any worker, so every worker must sign and check sessions, messages and
form tokens with the same key; and visitors see the site's own error pages, not Django's.
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

WORKERS = 3
MAKE = shutil.which("make") or "/usr/bin/make"
HOST = "127.0.0.1"
# Variables of the developer's or the suite's environment that `make run` does not set.
UNWANTED = {
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "PORTAL_ENV",
    "SITE_ORIGIN",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MAKEFLAGS",
    "MAKELEVEL",
    "MFLAGS",
}


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with a cookie jar, as a browser keeps one. Each request opens a connection
    of its own, so requests are spread over the workers."""

    def __init__(self, origin):
        self.origin = origin
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.following = urllib.request.build_opener(cookies)
        self.not_following = urllib.request.build_opener(cookies, NoRedirects())

    def open(self, path, data=None, *, follow_redirects=True):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        opener = self.following if follow_redirects else self.not_following
        try:
            with opener.open(self.origin + path, body, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()


def wait_until_up(origin, server, log):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}")
        with contextlib.suppress(OSError):
            if Browser(origin).open("/healthz")[0] == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The portal served by `make serve` (what `make run` ends with): several workers, each
    making or reading the development key on its own, on a freshly migrated SQLite database."""
    folder = tmp_path_factory.mktemp("multiworker")
    env = {name: value for name, value in os.environ.items() if name not in UNWANTED}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}",
        SECRET_KEY_FILE=str(folder / "var" / "secret_key"),
    )
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input", "-v0"]):
        # The key for these steps comes from the environment, so the workers find no key file
        # and race to make it, as they do on a first `make run`.
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env={**env, "SECRET_KEY": "only-for-the-set-up-steps-" + "x" * 40},
            check=True,
            capture_output=True,
            timeout=300,
        )
    port = free_port()
    origin = f"http://{HOST}:{port}"
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [MAKE, "--no-print-directory", "serve", f"PORT={port}", f"WORKERS={WORKERS}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, its shell and gunicorn: stopped together below
        )
    try:
        wait_until_up(origin, server, log)
        yield origin
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_a_signed_in_visitor_stays_signed_in_on_every_worker(served):
    visitor = Browser(served)
    status, _, form = visitor.open("/accounts/signup/")
    assert status == 200
    status, landed, _ = visitor.open(
        "/accounts/signup/",
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "username": "amina",
            "display_name": "Amina",
            "email": "",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "next": "",
        },
    )
    assert status == 200
    assert urllib.parse.urlsplit(landed).path == "/learning/"
    answers = [visitor.open("/learning/", follow_redirects=False) for _ in range(30)]
    statuses = [status for status, _, _ in answers]
    assert statuses == [200] * 30  # a visitor not signed in is redirected to the login page
    assert all('action="/accounts/logout/"' in page for _, _, page in answers)


def test_a_missing_page_shows_the_sites_own_404(served):
    status, _, page = Browser(served).open("/no-such-page/")
    assert status == 404
    assert "<h1>Page not found</h1>" in page
    assert 'class="site-header"' in page  # the site's header, from base.html
    assert "URLconf" not in page  # not Django's debug page
