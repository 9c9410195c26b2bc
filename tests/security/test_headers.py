"""Security headers and cookies under the production settings, and the Observatory grade."""

import re
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from model_bakery import baker

from core.security import content_security_policy
from tests.security.conftest import read_production_settings
from tests.security.observatory import observe, parse_csp

PAGES = ["home", "admin:login", "login"]
PASSWORD = "a-long-test-password"


@pytest.fixture
def page(request, production, client, db):
    """A page fetched over HTTPS under the production settings."""
    return client.get(reverse(request.param), secure=True)


def test_production_settings_are_in_force(production):
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert production.CSRF_COOKIE_NAME == "__Host-csrftoken"
    assert production.SECURE_HSTS_SECONDS >= 31536000


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_page_carries_every_security_header(page):
    assert page.status_code == HTTPStatus.OK
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_page_carries_the_content_security_policy(page):
    policy = parse_csp(page["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    assert "unsafe-" not in page["Content-Security-Policy"]


@pytest.mark.parametrize("page", ["admin:login", "login"], indirect=True)
def test_form_page_sets_a_host_prefixed_csrf_cookie(page):
    cookie = page.cookies["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""


def test_logging_in_sets_a_host_prefixed_http_only_session_cookie(production, client, superuser):
    response = client.post(
        reverse("admin:login"),
        {"username": superuser.username, "password": PASSWORD, "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == HTTPStatus.FOUND
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""


def test_plain_http_is_redirected_to_https_on_the_same_host(production, client, db):
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "https://testserver/"


def test_proxy_header_is_trusted_only_behind_a_tls_proxy(production):
    assert production.SECURE_PROXY_SSL_HEADER is None
    behind_proxy = read_production_settings(BEHIND_TLS_PROXY="1")
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_proxies_are_trusted_for_the_client_address_only_when_counted(production):
    assert production.AXES_CLIENT_IP_CALLABLE == ("core.security.forwarded_client_address")
    assert read_production_settings(BEHIND_TLS_PROXY="1")["TRUSTED_PROXY_COUNT"] == 0
    assert read_production_settings(TRUSTED_PROXY_COUNT="1")["TRUSTED_PROXY_COUNT"] == 1


def test_behind_a_tls_proxy_a_forwarded_https_request_is_served(production, client, db):
    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("home"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == HTTPStatus.OK
    assert "Strict-Transport-Security" in response


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_observatory_grade_is_a_plus(page, client):
    http_response = client.get(page.wsgi_request.path)
    report = observe(page, http_response=http_response)
    assert report.penalties == {}
    assert report.score >= 100, report.results
    assert report.grade == "A+"


def test_observatory_grade_after_logging_in_is_a_plus(production, client, superuser):
    response = client.post(
        reverse("admin:login"),
        {"username": superuser.username, "password": PASSWORD, "next": "/admin/"},
        secure=True,
    )
    report = observe(response, http_response=client.get(reverse("admin:login")))
    assert report.results["cookies"] == "cookies-secure-with-httponly-sessions-and-samesite"
    assert report.grade == "A+", report.results


def test_observatory_scoring_fails_a_page_without_protection(settings, client, db):
    """The scorer itself: the same page with the protections switched off grades F."""
    protections = {
        "django.middleware.security.SecurityMiddleware",
        "core.security.content_security_policy",
        "core.security.cross_origin_resource_policy",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    }
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m not in protections]
    response = client.get(reverse("home"))
    report = observe(response, http_response=response)
    assert report.results["content-security-policy"] == "csp-not-implemented"
    assert report.results["x-frame-options"] == "x-frame-options-not-implemented"
    assert report.results["redirection"] == "redirection-missing"
    assert report.grade == "F"


# The policy forbids inline script and style: nothing that renders may need them.


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block, and every script or stylesheet address."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.addresses = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            if attrs.get("src"):
                self.addresses.append(attrs["src"])
            elif attrs.get("type") != "application/json":
                self._in_script = tag
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.addresses.append(attrs["href"])

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder


@pytest.fixture
def admin_objects(article, course):
    lesson = course.lessons.first()
    quiz = baker.make("courses.Quiz", course=course, slug="check", after_lesson=lesson)
    question = baker.make("courses.Question", quiz=quiz, position=1, prompt="Why?")
    baker.make("courses.Choice", question=question, position=1, text="Yes", is_correct=True)
    return {"article": article, "course": course, "question": question}


ADMIN_PAGES = [
    ("admin:index", None),
    ("admin:articles_article_changelist", None),
    ("admin:articles_article_add", None),
    ("admin:articles_article_change", "article"),
    ("admin:courses_course_change", "course"),
    ("admin:courses_question_change", "question"),
]


@pytest.mark.parametrize(("name", "obj"), ADMIN_PAGES)
def test_admin_page_needs_no_inline_code_and_loads_only_from_this_origin(
    production, client, superuser, admin_objects, name, obj
):
    client.force_login(superuser)
    args = [admin_objects[obj].pk] if obj else []
    response = client.get(reverse(name, args=args), secure=True)
    assert response.status_code == HTTPStatus.OK
    assert "Content-Security-Policy" in response
    found = inline_code(response.content.decode())
    assert found.problems == []
    assert found.addresses, "the admin page loads its scripts and styles"
    for address in found.addresses:
        assert urlsplit(address).netloc == ""
        assert address.startswith(("/static/", "/admin/jsi18n/"))


def test_admin_login_page_needs_no_inline_code(production, client, db):
    found = inline_code(client.get(reverse("admin:login"), secure=True).content.decode())
    assert found.problems == []
    assert all(address.startswith("/static/") for address in found.addresses)


@pytest.mark.parametrize("name", ["home", "login", "accounts:signup", "glossary:term_list"])
def test_public_page_needs_no_inline_code(production, client, db, name):
    response = client.get(reverse(name), secure=True)
    assert response.status_code == HTTPStatus.OK
    found = inline_code(response.content.decode())
    assert found.problems == []
    assert all(urlsplit(address).netloc == "" for address in found.addresses)


INLINE_PATTERN = re.compile(
    r"""\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)(?![^>]*application/json)""",
    re.IGNORECASE,
)


# Self-contained files people download and open from disk, outside the portal and its policy.
DOWNLOADED_DOCUMENTS = {"templates/offline/pack.html"}


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        if str(path.relative_to(settings.BASE_DIR)) in DOWNLOADED_DOCUMENTS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE_PATTERN.search(line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert offenders == []


def csp_response(prepare=lambda request, response: None, status=HTTPStatus.OK):
    """A response through the portal's CSP middleware; ``prepare`` may mark the pair first."""

    def view(request):
        response = HttpResponse("page", status=status)
        prepare(request, response)
        return response

    middleware = content_security_policy(view)
    return middleware(RequestFactory().get("/"))


SITE_HEADER = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def test_content_security_policy_is_built_from_the_setting_in_its_order(settings):
    settings.DEBUG = False
    assert csp_response()["Content-Security-Policy"] == SITE_HEADER
    settings.CONTENT_SECURITY_POLICY = {"default-src": ["'none'"], "img-src": ["'self'", "data:"]}
    assert csp_response()["Content-Security-Policy"] == "default-src 'none'; img-src 'self' data:"


def test_a_response_that_sets_its_own_header_keeps_it(settings):
    settings.DEBUG = False

    def sandbox(request, response):
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"

    assert csp_response(sandbox)["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("status", [HTTPStatus.NOT_FOUND, HTTPStatus.INTERNAL_SERVER_ERROR])
def test_djangos_debug_error_pages_keep_their_inline_styles(settings, status):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in csp_response(status=status)
    settings.DEBUG = False
    assert csp_response(status=status)["Content-Security-Policy"] == SITE_HEADER


# The site's policy, directive by directive.
SITE_POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def test_every_kind_of_page_carries_the_site_policy_exactly(
    production, client, superuser, trainee_factory, course
):
    lesson = course.lessons.order_by("position").first()
    pages = {"home": (client.get(reverse("home"), secure=True), HTTPStatus.OK)}
    client.force_login(trainee_factory("amina"))
    pages["lesson"] = (client.get(lesson.get_absolute_url(), secure=True), HTTPStatus.OK)
    pages["error"] = (client.get("/no-such-page/", secure=True), HTTPStatus.NOT_FOUND)
    client.force_login(superuser)
    pages["admin"] = (client.get(reverse("admin:index"), secure=True), HTTPStatus.OK)

    for name, (response, status) in pages.items():
        assert response.status_code == status, name
        header = response["Content-Security-Policy"]
        assert set(header.split("; ")) == SITE_POLICY, name
        assert header == SITE_HEADER, name
    assert len({response["Content-Security-Policy"] for response, _ in pages.values()}) == 1
