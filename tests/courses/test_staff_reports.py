import csv
import io
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from courses.models import Enrollment
from tests.courses.builders import answer_quiz


@pytest.fixture
def report_viewer(db, django_user_model):
    user = django_user_model.objects.create_user(username="lead", password="a-long-test-pass-7")
    user.user_permissions.add(Permission.objects.get(codename="view_staff_reports"))
    return user


@pytest.fixture
def activity(client, course, quiz, trainee):
    client.force_login(trainee)
    client.post(reverse("courses:lesson_complete", args=[course.slug, "lesson-1"]))
    answer_quiz(client, quiz, right=False)
    answer_quiz(client, quiz, right=True)
    client.logout()


@pytest.mark.parametrize("name", ["course_report", "course_report_csv", "hardest_questions_csv"])
def test_trainees_get_403_on_staff_pages(trainee_client, course, name):
    response = trainee_client.get(reverse(f"courses:{name}", args=[course.slug]))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_trainees_get_403_on_the_reports_list(trainee_client):
    response = trainee_client.get(reverse("courses:report_list"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_visitors_get_the_403_page_with_a_way_to_log_in(client, db):
    response = client.get(reverse("courses:report_list"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert f'href="{reverse("login")}?next={reverse("courses:report_list")}"' in response.text


def test_a_report_of_no_such_course_is_404(client, report_viewer):
    client.force_login(report_viewer)
    response = client.get(reverse("courses:course_report", args=["no-such-course"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_page_past_the_last_is_404(client, report_viewer, course, activity):
    client.force_login(report_viewer)
    url = reverse("courses:course_report", args=[course.slug])
    assert client.get(url, {"page": 9}).status_code == HTTPStatus.NOT_FOUND
    assert client.get(url, {"page": "x"}).status_code == HTTPStatus.NOT_FOUND


def test_report_lists_trainees_with_progress(client, report_viewer, course, activity):
    client.force_login(report_viewer)
    html = client.get(reverse("courses:course_report", args=[course.slug])).content.decode()
    assert "Amina K." in html
    assert "1 / 2" in html
    assert "100%" in html


def test_trainee_csv_contents(client, report_viewer, course, quiz, activity):
    client.force_login(report_viewer)
    response = client.get(reverse("courses:course_report_csv", args=[course.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["username", "display name", "enrolled", "lessons done", "quizzes passed"]
    assert rows[1][0] == "amina"
    assert rows[1][3:6] == ["1", "1", "100"]
    assert rows[0][-3:] == ["last activity", "progress (%)", "completed"]
    assert rows[1][-3] == Enrollment.objects.get().last_activity_at.date().isoformat()
    assert len(rows) == 2


def test_hardest_questions_csv(client, report_viewer, course, activity):
    client.force_login(report_viewer)
    response = client.get(reverse("courses:hardest_questions_csv", args=[course.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-1] == "share right (%)"
    assert [row[-1] for row in rows[1:]] == ["50", "50"]


def test_csv_neutralises_formulas(client, report_viewer, course, django_user_model):
    from courses.services import enroll

    sly = django_user_model.objects.create_user(
        username="sly", password="a-long-test-pass-8", display_name="=HYPERLINK(1)"
    )
    enroll(user=sly, course=course)
    client.force_login(report_viewer)
    response = client.get(reverse("courses:course_report_csv", args=[course.slug]))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
