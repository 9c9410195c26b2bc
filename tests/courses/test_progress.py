from http import HTTPStatus

from django.urls import reverse

from core.models import Status
from courses.models import Enrollment, LessonCompletion
from tests.courses.builders import answer_quiz


def test_enrolling_needs_a_login_and_a_post(client, trainee, course):
    url = reverse("courses:enroll", args=[course.slug])
    assert client.post(url).status_code == HTTPStatus.FOUND
    assert not Enrollment.objects.exists()
    client.force_login(trainee)
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_enrolling_twice_is_harmless(trainee_client, course):
    url = reverse("courses:enroll", args=[course.slug])
    trainee_client.post(url)
    trainee_client.post(url)
    assert Enrollment.objects.count() == 1


def test_cannot_enroll_in_a_draft_course(trainee_client, course):
    course.status = Status.DRAFT
    course.save()
    response = trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Enrollment.objects.exists()


def test_completion_is_recorded_once(trainee_client, course):
    lesson = course.lessons.first()
    url = reverse("courses:lesson_complete", args=[course.slug, lesson.slug])
    trainee_client.post(url)
    trainee_client.post(url)
    assert LessonCompletion.objects.count() == 1


def test_lesson_page_shows_progress_and_mark_complete(trainee_client, course, quiz):
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    lesson = course.lessons.get(position=1)
    html = trainee_client.get(lesson.get_absolute_url()).content.decode()
    assert '<progress id="progress-foundations" max="3" value="0">' in html
    assert "Mark this lesson complete" in html
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    html = trainee_client.get(lesson.get_absolute_url()).content.decode()
    assert '<progress id="progress-foundations" max="3" value="1">' in html
    assert "You have completed this lesson." in html


def test_course_page_offers_to_continue_where_you_left_off(trainee_client, course, quiz):
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    first = course.lessons.get(position=1)
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, first.slug]))
    html = trainee_client.get(course.get_absolute_url()).content.decode()
    assert f'href="{quiz.get_absolute_url()}">Continue where you left off' in html
    answer_quiz(trainee_client, quiz)
    html = trainee_client.get(course.get_absolute_url()).content.decode()
    second = course.lessons.get(position=2)
    assert f'href="{second.get_absolute_url()}">Continue where you left off' in html


def test_ordered_course_locks_later_lessons(trainee_client, course):
    course.lessons_in_order = True
    course.save()
    first, second = course.lessons.order_by("position")
    html = trainee_client.get(second.get_absolute_url()).content.decode()
    assert "Finish “Lesson 1” first" in html
    assert "Body of lesson 2." not in html
    response = trainee_client.post(
        reverse("courses:lesson_complete", args=[course.slug, second.slug])
    )
    assert response.url == first.get_absolute_url()
    assert not LessonCompletion.objects.exists()
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, first.slug]))
    html = trainee_client.get(second.get_absolute_url()).content.decode()
    assert "Body of lesson 2." in html


def test_course_completes_once_with_all_lessons_and_quizzes(trainee_client, trainee, course, quiz):
    for lesson in course.lessons.all():
        trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    assert Enrollment.objects.get().completed_at is None
    answer_quiz(trainee_client, quiz)
    enrollment = Enrollment.objects.get()
    completed_at = enrollment.completed_at
    assert completed_at is not None
    answer_quiz(trainee_client, quiz)
    assert Enrollment.objects.get().completed_at == completed_at
    assert trainee.certificates.count() == 1


def test_dashboard_lists_courses_with_progress(trainee_client, course, quiz):
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    lesson = course.lessons.first()
    trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    html = trainee_client.get(reverse("courses:dashboard")).content.decode()
    assert "Foundations" in html
    assert "1 of 2 lessons done" in html
    assert "0 of 1 quizzes passed" in html


def test_dashboard_needs_login(client, db):
    response = client.get(reverse("courses:dashboard"))
    assert response.url == f"{reverse('login')}?next={reverse('courses:dashboard')}"


def test_unknown_certificate_code_says_not_found(client, db):
    response = client.get(reverse("certificates:certificate_verify", args=["NOPE-NOPE-NOPE-NOPE"]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Certificate not found." in response.content.decode()


def test_certificate_page_is_for_its_owner_only(trainee_client, trainee, course, django_user_model):
    from certificates.models import Certificate

    certificate = Certificate.objects.create(user=trainee, course=course, name="Amina K.")
    assert trainee_client.get(certificate.get_absolute_url()).status_code == HTTPStatus.OK
    other = django_user_model.objects.create_user(username="x", password="another-long-pass-9")
    trainee_client.force_login(other)
    assert trainee_client.get(certificate.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_certificate_codes_are_unique_and_unguessable(trainee, course, django_user_model):
    from certificates.models import new_certificate_code

    codes = {new_certificate_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) == 19 and code.count("-") == 3 for code in codes)
