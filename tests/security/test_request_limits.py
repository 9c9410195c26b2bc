"""Oversized request bodies are refused with 400 Bad Request, never a server error."""

from http import HTTPStatus
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse


def test_limits_are_set_deliberately():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 500
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


@pytest.mark.parametrize("url_name", ["login", "admin:login", "accounts:signup"])
def test_an_oversized_form_post_gets_400(client, db, url_name):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse(url_name), {"username": "someone", "password": body})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_an_oversized_body_of_another_type_gets_400(client, db):
    response = client.post(
        reverse("login"),
        data=b"{" + b" " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b"}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_too_many_fields_get_400(client, db):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("login"), fields)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_too_many_files_get_400(client, db):
    files = {f"file{n}": BytesIO(b"x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)}
    for n, upload in enumerate(files.values()):
        upload.name = f"{n}.txt"
    response = client.post(reverse("login"), files)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_form_post_within_the_limits_is_handled(client, db):
    response = client.post(reverse("login"), {"username": "someone", "password": "x" * 1000})
    assert response.status_code == HTTPStatus.OK
