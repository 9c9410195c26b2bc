"""Display names: normalised, and free of control characters, line breaks and direction marks."""

import json
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import clean_display_name, printable_name
from certificates import signing
from certificates.models import Certificate

PASSWORD = "correct-horse-battery"
REFUSED = {
    "right-to-left override": "Amina \u202eK.",
    "left-to-right embedding": "Amina \u202aK.",
    "pop directional formatting": "Amina K.\u202c",
    "first strong isolate": "\u2068Amina\u2069 K.",
    "right-to-left mark": "Amina\u200f K.",
    "left-to-right mark": "Amina\u200e K.",
    "Arabic letter mark": "Amina\u061c K.",
    "line feed": "Amina\nK.",
    "carriage return": "Amina\rK.",
    "line separator": "Amina\u2028K.",
    "paragraph separator": "Amina\u2029K.",
    "next line": "Amina\x85K.",
    "tab": "Amina\tK.",
    "null": "Amina\x00K.",
    "escape": "Amina\x1bK.",
    "delete": "Amina\x7fK.",
}
MESSAGE = "line breaks, control characters and text-direction marks are not allowed"
NULL_MESSAGE = "Null characters are not allowed."  # Django's own check on every form field


def refused(response):
    html = response.content.decode()
    return response.status_code == HTTPStatus.OK and (MESSAGE in html or NULL_MESSAGE in html)


def sign_up(client, **fields):
    data = {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(reverse("accounts:signup"), data)


@pytest.mark.parametrize("name", REFUSED.values(), ids=REFUSED.keys())
def test_sign_up_refuses_a_display_name_with_a_refused_character(
    client, db, name, django_user_model
):
    assert refused(sign_up(client, display_name=name))
    assert not django_user_model.objects.exists()


@pytest.mark.parametrize("name", REFUSED.values(), ids=REFUSED.keys())
def test_profile_refuses_a_display_name_with_a_refused_character(trainee_client, trainee, name):
    response = trainee_client.post(reverse("accounts:profile"), {"display_name": name, "email": ""})
    assert refused(response)
    trainee.refresh_from_db()
    assert trainee.display_name == "Amina K."


def test_the_model_refuses_a_refused_character_too(trainee):
    trainee.display_name = "Amina \u202eK."
    with pytest.raises(ValidationError) as error:
        trainee.full_clean()
    assert "display_name" in error.value.message_dict


def test_the_model_keeps_the_name_normalised(trainee):
    trainee.display_name = "  Ame\u0301lie   K.  "
    trainee.full_clean()
    assert trainee.display_name == "Am\u00e9lie K."


def test_sign_up_keeps_the_display_name_normalised(client, db, django_user_model):
    response = sign_up(client, display_name="  Ame\u0301lie \u00a0  K. ")
    assert response.status_code == HTTPStatus.FOUND
    assert django_user_model.objects.get().display_name == "Am\u00e9lie K."


def test_names_in_any_script_are_kept(trainee_client, trainee):
    """Right-to-left scripts, and the joiners some scripts need, are no direction override."""
    name = "أمينة كريم \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 李娜"
    response = trainee_client.post(reverse("accounts:profile"), {"display_name": name, "email": ""})
    assert response.status_code == HTTPStatus.FOUND
    trainee.refresh_from_db()
    assert trainee.display_name == name


def test_sign_up_refuses_a_username_with_a_direction_override(client, db, django_user_model):
    response = sign_up(client, username="amina\u202e")
    assert response.status_code == HTTPStatus.OK
    assert not django_user_model.objects.exists()


@pytest.mark.parametrize("name", REFUSED.values(), ids=REFUSED.keys())
def test_clean_display_name_refuses_every_refused_character(name):
    with pytest.raises(ValidationError):
        clean_display_name(name)


def test_clean_display_name_strips_and_collapses_spaces():
    assert clean_display_name("  Amina    K. ") == "Amina K."
    assert clean_display_name("") == ""


def test_printable_name_leaves_refused_characters_out():
    assert printable_name("Amina\u202e K.\nLine\u2028two\x00") == "Amina K. Line two"


def test_a_certificate_from_an_old_bad_name_is_signed_clean(settings, tmp_path, course, trainee):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    certificate = Certificate.objects.create(
        user=trainee, course=course, name="Amina \u202eK.\nSigned by the director"
    )
    statement = json.loads(signing.statement_text(certificate))
    assert statement["name"] == "Amina K. Signed by the director"


def test_a_certificate_issued_to_an_old_bad_name_carries_it_clean(trainee, course):
    type(trainee).objects.filter(pk=trainee.pk).update(display_name="Amina\u202e\nK.")
    trainee.refresh_from_db()
    assert trainee.shown_name == "Amina K."
    assert str(trainee) == "Amina K."
