"""A trainee's saved language (User.language): chosen on the profile or with the switcher, and
used for their pages, e-mails, certificate, offline pack and card PDFs."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from model_bakery import baker

from accounts.forms import ProfileForm
from core.cache_keys import CARD_PDF
from tests.core.test_languages import FRENCH_BROWSER, english_afterwards, html_tag  # noqa: F401

COOKIE = settings.LANGUAGE_COOKIE_NAME


def saved(user):
    user.refresh_from_db()
    return user.language


def test_the_language_is_blank_until_chosen_and_limited_to_the_portals(trainee):
    assert trainee.language == ""
    field = trainee._meta.get_field("language")
    assert field.choices == settings.LANGUAGES


def test_the_profile_form_offers_following_the_browser_or_a_language(trainee):
    choices = ProfileForm(instance=trainee).fields["language"].choices
    assert [code for code, _ in choices] == ["", "en", "fr", "ar"]
    assert choices[0][1] == "Follow my browser"


def test_saving_a_language_on_the_profile_shows_the_profile_in_it(trainee_client, trainee):
    response = trainee_client.post(
        reverse("accounts:profile"), {"display_name": "Amina", "email": "", "language": "ar"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/ar/accounts/profile/"
    assert response.cookies[COOKIE].value == "ar"
    assert saved(trainee) == "ar"
    page = trainee_client.get(response.url)
    assert html_tag(page.text) == '<html lang="ar" dir="rtl">'


def test_following_the_browser_again_drops_the_remembered_language(trainee_client, trainee):
    trainee.language = "fr"
    trainee.save()
    trainee_client.cookies[COOKIE] = "fr"
    response = trainee_client.post(
        reverse("accounts:profile"), {"display_name": "Amina", "email": "", "language": ""}
    )
    assert response.url == "/accounts/profile/"
    assert response.cookies[COOKIE].value == ""  # deleted
    assert saved(trainee) == ""


def test_a_switcher_link_saves_the_language_on_the_profile(trainee_client, trainee, article):
    trainee_client.cookies[COOKIE] = "en"
    assert trainee_client.get("/fr/articles/neutrality/").status_code == HTTPStatus.OK
    assert saved(trainee) == "fr"
    assert trainee_client.get("/articles/neutrality/").status_code == HTTPStatus.OK
    assert saved(trainee) == "en"


def test_arriving_in_the_browsers_language_saves_nothing(trainee_client, trainee, article):
    response = trainee_client.get("/fr/articles/neutrality/", **FRENCH_BROWSER)
    assert response.status_code == HTTPStatus.OK
    assert saved(trainee) == ""


def test_a_saved_language_is_served_on_a_browser_with_no_choice_yet(
    trainee_client, trainee, article
):
    trainee.language = "ar"
    trainee.save()
    response = trainee_client.get("/articles/neutrality/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/ar/articles/neutrality/"
    assert response.cookies[COOKIE].value == "ar"


def test_signing_in_follows_the_saved_language_over_this_browsers_cookie(client, trainee):
    trainee.language = "fr"
    trainee.save()
    client.cookies[COOKIE] = "en"
    response = client.post(
        reverse("login"), {"username": "amina", "password": "a-long-test-password"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.cookies[COOKIE].value == ""  # deleted
    landing = client.get(response.url)
    assert landing.status_code == HTTPStatus.FOUND
    assert landing.url == "/fr/learning/"


def test_the_password_reset_mail_is_in_the_readers_language(client, trainee):
    trainee.email = "amina@example.org"
    trainee.language = "fr"
    trainee.save()
    client.cookies[COOKIE] = "en"
    client.post(reverse("password_reset"), {"email": "amina@example.org"})
    assert len(mail.outbox) == 1
    assert "/fr/accounts/reset/" in mail.outbox[0].body


def test_the_certificate_page_is_in_its_holders_language(trainee_client, trainee, course):
    trainee.language = "ar"
    trainee.save()
    certificate = baker.make("certificates.Certificate", user=trainee, course=course)
    trainee_client.cookies[COOKIE] = "en"
    response = trainee_client.get(f"/learning/certificates/{certificate.code}/")
    assert response.status_code == HTTPStatus.OK
    assert html_tag(response.text) == '<html lang="ar" dir="rtl">'
    assert response["Content-Language"] == "ar"


@pytest.mark.parametrize(("code", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_the_offline_pack_is_built_in_the_trainees_language(
    trainee_client, trainee, course, code, direction
):
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    trainee.language = code
    trainee.save()
    trainee_client.cookies[COOKIE] = "en"
    response = trainee_client.get(reverse("offline:pack_download", args=[course.slug]))
    assert response.status_code == HTTPStatus.OK
    assert html_tag(response.content.decode()) == f'<html lang="{code}" dir="{direction}">'
    assert f"http://testserver/{code}/learning/offline-answers/" in response.content.decode()


def test_a_card_pdf_is_made_in_the_trainees_language(trainee_client, trainee, db):
    trainee.language = "fr"
    trainee.save()
    trainee_client.cookies[COOKIE] = "en"
    response = trainee_client.get("/cards/principles.pdf")
    assert response.status_code == HTTPStatus.OK
    with translation.override("fr"):
        assert caches["files"].get(CARD_PDF.key("principles", "A4")) == response.content
    with translation.override("en"):
        assert caches["files"].get(CARD_PDF.key("principles", "A4")) is None


@pytest.mark.parametrize(
    ("address", "cookie", "saved"),
    [
        ("/fr/accounts/signup/", None, "fr"),
        ("/accounts/signup/", "ar", "ar"),
        ("/accounts/signup/", None, ""),
    ],
)
def test_signing_up_keeps_the_language_chosen_so_far(
    client, django_user_model, address, cookie, saved
):
    if cookie:
        client.cookies[COOKIE] = cookie
    response = client.post(
        address,
        {
            "username": "nadia",
            "display_name": "Nadia",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert django_user_model.objects.get(username="nadia").language == saved
