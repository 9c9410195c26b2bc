"""Every content model's admin: changelist, search, change form, and a save through the form."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from model_bakery import baker

from articles.models import Article
from glossary.models import Term


@pytest.fixture
def admin_client_logged_in(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def content(article, term, course):
    lesson = course.lessons.first()
    quiz = baker.make(
        "courses.Quiz", course=course, slug="check", title="Check", after_lesson=lesson
    )
    question = baker.make("courses.Question", quiz=quiz, position=1, prompt="Why?")
    baker.make("courses.Choice", question=question, position=1, text="Because", is_correct=True)
    return {
        "core.source": article.sources.first(),
        "articles.article": article,
        "glossary.term": term,
        "courses.course": course,
        "courses.lesson": lesson,
        "courses.quiz": quiz,
        "courses.question": question,
        "accounts.user": baker.make("accounts.User", username="trainee"),
    }


MODELS = [
    "core.source",
    "articles.article",
    "glossary.term",
    "courses.course",
    "courses.lesson",
    "courses.quiz",
    "courses.question",
    "accounts.user",
]


@pytest.mark.parametrize("label", MODELS)
def test_changelist_opens_and_searches(admin_client_logged_in, content, label):
    app, model = label.split(".")
    url = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client_logged_in.get(url).status_code == HTTPStatus.OK
    response = admin_client_logged_in.get(url, {"q": "a"})
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("label", MODELS)
def test_change_form_opens(admin_client_logged_in, content, label):
    app, model = label.split(".")
    url = reverse(f"admin:{app}_{model}_change", args=[content[label].pk])
    response = admin_client_logged_in.get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"<form" in response.content


@pytest.mark.parametrize("label", MODELS)
def test_add_form_opens(admin_client_logged_in, content, label):
    app, model = label.split(".")
    response = admin_client_logged_in.get(reverse(f"admin:{app}_{model}_add"))
    assert response.status_code == HTTPStatus.OK


def test_saving_an_article_renders_its_body_and_tags(admin_client_logged_in, content):
    article = content["articles.article"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client_logged_in.post(
        url,
        {
            "title": "Neutrality, revised",
            "slug": article.slug,
            "kind": "principle",
            "position": 2,
            "summary": "New summary.",
            "body": "Revised <script>x</script> *text*.",
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00",
            "tags": "access, trust",
            "sources": [content["core.source"].pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Neutrality, revised"
    assert "<em>text</em>" in article.body_html
    assert "<script" not in article.body_html
    assert sorted(article.tags.names()) == ["access", "trust"]


def test_saving_a_term_through_the_admin(admin_client_logged_in, content):
    term = content["glossary.term"]
    url = reverse("admin:glossary_term_change", args=[term.pk])
    response = admin_client_logged_in.post(
        url,
        {
            "term": term.term,
            "slug": term.slug,
            "aliases": "IHL",
            "short_definition": "Shorter.",
            "definition": "**Fuller** definition.",
            "sources": [content["core.source"].pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    term.refresh_from_db()
    assert term.definition_html == "<p><strong>Fuller</strong> definition.</p>"


def test_course_change_form_has_lesson_and_quiz_inlines(admin_client_logged_in, content):
    course = content["courses.course"]
    html = admin_client_logged_in.get(
        reverse("admin:courses_course_change", args=[course.pk])
    ).content.decode()
    assert "lessons-TOTAL_FORMS" in html
    assert "quizzes-TOTAL_FORMS" in html


def test_question_change_form_has_choice_inline(admin_client_logged_in, content):
    question = content["courses.question"]
    html = admin_client_logged_in.get(
        reverse("admin:courses_question_change", args=[question.pk])
    ).content.decode()
    assert "choices-TOTAL_FORMS" in html


def test_view_on_site_works_for_a_draft(admin_client_logged_in, draft_article):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Article)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, draft_article.pk])
    response = admin_client_logged_in.get(shortcut, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "draft-banner" in response.content.decode()


def test_publish_action(admin_client_logged_in, draft_article):
    admin_client_logged_in.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft_article.pk]},
    )
    draft_article.refresh_from_db()
    assert draft_article.is_published
    assert Term.objects.count() == 0
