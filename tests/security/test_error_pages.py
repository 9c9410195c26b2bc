"""Visitors who reach a page they may not see, or one that does not exist, get the site's own
page with a way on, not a bare status line."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.defaults import permission_denied


@pytest.fixture
def signed_in(client, trainee_factory):
    client.force_login(trainee_factory("amina"))
    return client


def test_a_report_without_the_permission_is_the_styled_403(signed_in, course):
    response = signed_in.get(reverse("courses:course_report", kwargs={"slug": course.slug}))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "403.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert "You are not allowed to see this page" in page
    for way_on in (reverse("home"), reverse("search"), reverse("courses:dashboard")):
        assert f'href="{way_on}"' in page


def test_the_403_page_offers_a_visitor_who_is_not_signed_in_the_login(rf, db):
    request = rf.get("/courses/foundations/report/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert 'href="/accounts/login/?next=/courses/foundations/report/"' in response.text


def test_a_missing_page_is_the_styled_404(signed_in, db):
    response = signed_in.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "404.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert 'class="site-header"' in page
    for way_on in (reverse("home"), reverse("search"), reverse("courses:dashboard")):
        assert f'href="{way_on}"' in page
