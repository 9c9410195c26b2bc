"""Forms in error open with the error summary: first in the page, a link to each field in
error, and each field described by its message."""

import re
from http import HTTPStatus

from django.urls import reverse

from courses import services
from tests.courses.builders import add_quiz


def summary_and_rest(html):
    main = html.split('<main id="content"', 1)[1]
    assert 'class="error-summary" role="alert" tabindex="-1"' in main
    assert main.index("error-summary") < main.index("<h1")
    assert "There is a problem" in main
    assert "js/error-summary" in main
    return main


def test_sign_up_in_error_links_each_field_to_its_message(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "", "display_name": "Amina", "password1": "x", "password2": "y"},
    )
    assert response.status_code == HTTPStatus.OK
    main = summary_and_rest(response.content.decode())
    assert '<a href="#id_username">' in main
    assert re.search(
        r'<input[^>]*name="username"[^>]*aria-describedby="[^"]*id_username_error', main
    )
    assert 'id="id_username_error"' in main


def test_login_in_error_opens_with_the_summary(client, db):
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong-one"})
    main = summary_and_rest(response.content.decode())
    assert '<a href="#id_username">' in main


def test_profile_in_error_opens_with_the_summary(trainee_client):
    response = trainee_client.post(
        reverse("accounts:profile"), {"display_name": "Amina", "email": "not-an-address"}
    )
    summary_and_rest(response.content.decode())


def test_a_quiz_with_an_unanswered_question_links_its_first_option(trainee_client, trainee, course):
    services.enroll(user=trainee, course=course)
    quiz = add_quiz(course, "final")
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = trainee_client.post(quiz.get_absolute_url(), {"token": token})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    main = summary_and_rest(response.content.decode())
    first = re.search(r'<a href="#(id_question_\d+_0)">', main).group(1)
    assert f'id="{first}"' in main


def test_a_form_without_errors_has_no_summary(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert "error-summary" not in html


def test_the_summary_names_the_field_or_question_in_error(trainee_client, trainee, course, client):
    services.enroll(user=trainee, course=course)
    quiz = add_quiz(course, "final")
    page = trainee_client.get(quiz.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    html = trainee_client.post(quiz.get_absolute_url(), {"token": token}).content.decode()
    assert "Question 1: " in html and "Question 2: " in html
    assert "Please answer every question." not in html  # the summary says it, once
    signup = client.post(reverse("accounts:signup"), {"username": ""}).content.decode()
    assert re.search(r'<a href="#id_username">Username: ', signup)
