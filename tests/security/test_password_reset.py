"""Password resets: links on the portal's own address, and a plain answer when the operator has
turned resets off for want of a mail server."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse


@pytest.fixture
def trainee(trainee_factory):
    trainee = trainee_factory("amina")
    trainee.email = "amina@example.org"
    trainee.save()
    return trainee


def test_with_resets_turned_off_the_page_says_so_and_sends_nothing(client, trainee, settings):
    settings.PASSWORD_RESET_DISABLED = True
    page = client.get(reverse("password_reset"))
    assert page.status_code == HTTPStatus.OK
    assert "Password resets are not available" in page.content.decode()
    assert "<form" not in page.content.decode().split('<main id="content"')[1]
    response = client.post(reverse("password_reset"), {"email": "amina@example.org"})
    assert response.status_code == HTTPStatus.OK
    assert "Password resets are not available" in response.content.decode()
    assert mail.outbox == []


def test_the_reset_link_is_on_the_site_origin_whatever_the_host(client, trainee, settings):
    settings.SITE_ORIGIN = "https://portal.example.org"
    response = client.post(
        reverse("password_reset"), {"email": "amina@example.org"}, HTTP_HOST="LOCALHOST.:8941"
    )
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    assert "https://portal.example.org/accounts/reset/" in mail.outbox[0].body
    assert "LOCALHOST" not in mail.outbox[0].body
