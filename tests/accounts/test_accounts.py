from http import HTTPStatus

from django.core import mail
from django.urls import reverse


def test_sign_up_rejects_a_weak_password(client, db, django_user_model):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "weak", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "too common" in response.content.decode()
    assert not django_user_model.objects.exists()


def test_sign_up_returns_to_the_page_asked_for(client, course, django_user_model):
    response = client.post(
        f"{reverse('accounts:signup')}?next={course.get_absolute_url()}",
        {
            "username": "newcomer",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
            "next": course.get_absolute_url(),
        },
    )
    assert response.url == course.get_absolute_url()


def test_sign_up_ignores_an_offsite_next(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newcomer",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("courses:dashboard")


def test_login_page_renders_and_logs_in(client, trainee):
    assert client.get(reverse("login")).status_code == HTTPStatus.OK
    response = client.post(
        reverse("login"), {"username": "amina", "password": "a-long-test-password"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("courses:dashboard")


def test_logout_is_post_only(trainee_client):
    assert trainee_client.get(reverse("logout")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = trainee_client.post(reverse("logout"))
    assert response.status_code == HTTPStatus.FOUND
    assert trainee_client.get(reverse("courses:dashboard")).status_code == HTTPStatus.FOUND


def test_password_reset_sends_a_mail(client, trainee):
    trainee.email = "amina@example.org"
    trainee.save()
    response = client.post(reverse("password_reset"), {"email": "amina@example.org"})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change_page_needs_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == HTTPStatus.FOUND


def test_profile_changes_the_display_name(trainee_client, trainee):
    response = trainee_client.post(
        reverse("accounts:profile"), {"display_name": "Officer 12", "email": ""}
    )
    assert response.status_code == HTTPStatus.FOUND
    trainee.refresh_from_db()
    assert trainee.display_name == "Officer 12"
