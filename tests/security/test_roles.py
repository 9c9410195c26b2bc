"""Roles: Editors edit content in the admin and nothing else; Trainees have no admin."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import EDITORS, STAFF_REPORT_VIEWERS, TRAINEES

PASSWORD = "a-long-test-password"

CONTENT_MODELS = {
    ("core", "source"),
    ("taggit", "tag"),
    ("articles", "article"),
    ("articles", "taggedarticle"),
    ("glossary", "term"),
    ("courses", "course"),
    ("courses", "lesson"),
    ("courses", "taggedlesson"),
    ("courses", "quiz"),
    ("courses", "question"),
    ("courses", "choice"),
    ("courses", "objective"),
    ("scenarios", "scenario"),
    ("scenarios", "decisionpoint"),
    ("scenarios", "ending"),
    ("scenarios", "scenariochoice"),
}


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def trainee(db, django_user_model):
    return django_user_model.objects.create_user(username="trainee", password=PASSWORD)


def test_migration_creates_the_three_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        EDITORS,
        TRAINEES,
        STAFF_REPORT_VIEWERS,
    }


def test_editors_may_add_change_delete_and_view_content_and_nothing_else(db):
    permissions = Group.objects.get(name=EDITORS).permissions.all()
    granted = {
        (p.content_type.app_label, p.content_type.model, p.codename.split("_", 1)[0])
        for p in permissions
    }
    expected = {
        (app, model, action)
        for app, model in CONTENT_MODELS
        for action in ("add", "change", "delete", "view")
    }
    assert granted == expected


def test_trainees_have_no_permissions(db):
    assert not Group.objects.get(name=TRAINEES).permissions.exists()


def test_staff_report_viewers_may_view_staff_reports(db, django_user_model):
    user = django_user_model.objects.create_user(username="lead", password=PASSWORD)
    assert not user.has_perm("courses.view_staff_reports")
    user.groups.add(Group.objects.get(name=STAFF_REPORT_VIEWERS))
    user = django_user_model.objects.get(pk=user.pk)  # a fresh permission cache
    assert user.has_perm("courses.view_staff_reports")


def test_a_new_account_joins_trainees(trainee):
    assert list(trainee.groups.values_list("name", flat=True)) == [TRAINEES]


def test_signing_up_joins_trainees(client, db, django_user_model):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newcomer",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    user = django_user_model.objects.get(username="newcomer")
    assert user.groups.filter(name=TRAINEES).exists()


def test_a_new_account_joins_trainees_even_if_the_group_was_deleted(db, django_user_model):
    Group.objects.filter(name=TRAINEES).delete()
    user = django_user_model.objects.create_user(username="late", password=PASSWORD)
    assert user.groups.filter(name=TRAINEES).exists()


def test_saving_an_existing_account_does_not_change_its_groups(trainee):
    trainee.groups.clear()
    trainee.display_name = "Renamed"
    trainee.save()
    assert not trainee.groups.exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:articles_article_changelist",
        "admin:glossary_term_add",
        "admin:courses_course_changelist",
        "admin:courses_question_changelist",
        "admin:core_source_changelist",
        "admin:taggit_tag_changelist",
    ],
)
def test_editor_opens_content_pages_in_the_admin(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == HTTPStatus.OK


def test_editor_opens_and_saves_an_article(editor_client, article, source):
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.get(url).status_code == HTTPStatus.OK
    response = editor_client.post(
        url,
        {
            "title": "Neutrality, edited",
            "slug": article.slug,
            "kind": "principle",
            "position": 2,
            "summary": "Edited summary.",
            "body": "Edited *body*.",
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00",
            "tags": "access",
            "sources": [source.pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Neutrality, edited"
    assert article.body_html == "<p>Edited <em>body</em>.</p>"
    assert list(article.tags.names()) == ["access"]


def test_editor_adds_a_term(editor_client, source):
    response = editor_client.post(
        reverse("admin:glossary_term_add"),
        {
            "term": "Mediation",
            "slug": "mediation",
            "aliases": "",
            "short_definition": "Help from a third party.",
            "definition": "A **third party** helps.",
            "sources": [source.pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:glossary_term_changelist")


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
        "admin:courses_enrollment_changelist",
        "admin:courses_attempt_changelist",
        "admin:certificates_certificate_changelist",
        "admin:scenarios_scenariorun_changelist",
        "admin:courses_lessoncompletion_changelist",
        "admin:offline_packdownload_changelist",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_editor_is_refused_users_groups_and_trainee_records(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == HTTPStatus.FORBIDDEN


def test_editor_cannot_promote_themselves(editor_client, editor):
    url = reverse("admin:accounts_user_change", args=[editor.pk])
    assert editor_client.get(url).status_code == HTTPStatus.FORBIDDEN
    editor_client.post(url, {"username": editor.username, "is_superuser": "on"})
    editor.refresh_from_db()
    assert not editor.is_superuser


@pytest.mark.parametrize(
    "url_name",
    ["admin:index", "admin:articles_article_changelist", "admin:accounts_user_changelist"],
)
def test_trainee_gets_no_admin(client, trainee, url_name):
    client.force_login(trainee)
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


REPORT_PAGES = [
    "courses:course_report",
    "courses:course_report_csv",
    "courses:hardest_questions_csv",
    "courses:item_analysis_csv",
]


@pytest.fixture
def report_viewer_client(client, django_user_model):
    """A report viewer who is not staff: no draft previews."""
    user = django_user_model.objects.create_user(username="lead", password=PASSWORD)
    user.groups.add(Group.objects.get(name=STAFF_REPORT_VIEWERS))
    client.force_login(user)
    return client


@pytest.fixture
def draft_course(course):
    course.status = "draft"
    course.save()
    return course


@pytest.mark.parametrize("url_name", REPORT_PAGES)
def test_report_viewer_opens_the_reports_of_a_published_course(
    report_viewer_client, course, url_name
):
    response = report_viewer_client.get(reverse(url_name, args=[course.slug]))
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("url_name", REPORT_PAGES)
def test_report_viewer_who_is_not_staff_gets_no_report_of_a_draft_course(
    report_viewer_client, draft_course, url_name
):
    response = report_viewer_client.get(reverse(url_name, args=[draft_course.slug]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert draft_course.title not in response.content.decode()


def test_staff_report_viewer_opens_the_report_of_a_draft_course(
    report_viewer_client, draft_course, django_user_model
):
    django_user_model.objects.filter(username="lead").update(is_staff=True)
    response = report_viewer_client.get(reverse("courses:course_report", args=[draft_course.slug]))
    assert response.status_code == HTTPStatus.OK


def test_editor_opens_and_saves_a_scenario_and_its_decision_points(editor_client, source):
    from scenarios.models import DecisionPoint, Scenario
    from tests.scenarios.test_admin import form_data
    from tests.scenarios.test_runs import build_scenario

    scenario = build_scenario(sources=[source])
    assert editor_client.get(reverse("admin:scenarios_scenario_changelist")).status_code == (
        HTTPStatus.OK
    )
    url = reverse("admin:scenarios_scenario_change", args=[scenario.pk])
    data = form_data(editor_client.get(url).content.decode())
    data["summary"] = ["Edited by an editor."]
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-2000:]
    assert Scenario.objects.get(pk=scenario.pk).summary == "Edited by an editor."
    point = DecisionPoint.objects.get(scenario=scenario, slug="opening")
    url = reverse("admin:scenarios_decisionpoint_change", args=[point.pk])
    data = form_data(editor_client.get(url).content.decode(), "decisionpoint_form")
    data["stakes"] = ["Edited stakes"]
    assert editor_client.post(url, data).status_code == HTTPStatus.FOUND
    point.refresh_from_db()
    assert point.stakes == "Edited stakes"
