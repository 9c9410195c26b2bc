"""The whole trainee journey through Django's test client."""

from http import HTTPStatus

from django.urls import reverse

from certificates.models import Certificate
from courses.models import Attempt, Enrollment, LessonCompletion
from tests.courses.builders import answer_quiz


def test_sign_up_enroll_learn_fail_retake_pass_complete_and_verify(
    client, course, quiz, final_quiz
):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "trainee1",
            "display_name": "Field Officer 7",
            "email": "",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("courses:dashboard")).status_code == HTTPStatus.OK

    client.post(reverse("courses:enroll", args=[course.slug]))
    assert Enrollment.objects.filter(course=course, user__username="trainee1").exists()
    assert "0 of 2 lessons done" in client.get(course.get_absolute_url()).content.decode()

    for lesson in course.lessons.all():
        response = client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
        assert response.status_code == HTTPStatus.FOUND
    assert LessonCompletion.objects.filter(user__username="trainee1").count() == 2
    assert "2 of 2 lessons done" in client.get(course.get_absolute_url()).content.decode()

    response, _ = answer_quiz(client, quiz, right=False)
    assert response.status_code == HTTPStatus.FOUND
    result = client.get(response.url).content.decode()
    assert "0% (0 of 2 right)" in result
    assert "Not passed" in result
    assert "Because of lesson 1." in result  # quiz reveals everything after every attempt

    response, _ = answer_quiz(client, quiz, right=True)
    assert "100%" in client.get(response.url).content.decode()
    response, _ = answer_quiz(client, final_quiz, right=True)
    assert Attempt.objects.filter(user__username="trainee1").count() == 3

    enrollment = Enrollment.objects.get(user__username="trainee1")
    assert enrollment.completed_at is not None
    certificate = Certificate.objects.get(user__username="trainee1", course=course)
    assert certificate.name == "Field Officer 7"

    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert certificate.get_absolute_url() in dashboard
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Field Officer 7" in page
    assert certificate.code in page

    client.post(reverse("logout"))
    verified = client.get(certificate.get_verification_url())
    assert verified.status_code == HTTPStatus.OK
    html = verified.content.decode()
    assert "This certificate is genuine." in html
    assert "Field Officer 7" in html
    assert course.title in html
    assert "trainee1" not in html
