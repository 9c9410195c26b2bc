"""Dates in the reader's language: the month named in French or Arabic on those pages, the
English day-month-year order kept on English ones."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from model_bakery import baker

from courses.models import Enrollment

ISSUED = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
LONG_DATES = {"en": "5 March 2026", "fr": "5 mars 2026", "ar": "5 مارس، 2026"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request leaves its language active in the thread: later tests reverse in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def certificate(settings, tmp_path, course, trainee_factory):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    return baker.make(
        "certificates.Certificate",
        user=trainee_factory("amina"),
        course=course,
        name="Amina Ké",
        issued_at=ISSUED,
    )


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_verification_page_dates_the_certificate_in_its_language(client, certificate, language):
    url = in_language(language, "certificates:certificate_verify", certificate.code)
    page = client.get(url).content.decode()
    assert LONG_DATES[language] in page
    others = [date for other, date in LONG_DATES.items() if other != language]
    assert not any(date in page for date in others)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_holders_certificate_page_is_dated_in_their_saved_language(
    client, certificate, language
):
    certificate.user.language = language
    certificate.user.save(update_fields=["language"])
    client.force_login(certificate.user)
    with translation.override("en"):
        url = certificate.get_absolute_url()
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(f"/{language}{url}", 302)]
    page = response.content.decode()
    assert LONG_DATES[language] in page
    assert "March" not in page


def test_the_dashboard_names_the_month_in_french_and_in_arabic(client, certificate):
    Enrollment.objects.create(
        user=certificate.user,
        course=certificate.course,
        enrolled_at=ISSUED,
        last_activity_at=ISSUED,
    )
    client.force_login(certificate.user)
    english = client.get(in_language("en", "courses:dashboard")).content.decode()
    assert "5 March 2026" in english and "5 Mar 2026" in english
    french = client.get(in_language("fr", "courses:dashboard")).content.decode()
    assert "5 mars 2026" in french and "05/03/2026" in french
    assert "March" not in french and "Mar 2026" not in french
    arabic = client.get(in_language("ar", "courses:dashboard")).content.decode()
    assert "5 مارس، 2026" in arabic
    assert "March" not in arabic and "Mar 2026" not in arabic
