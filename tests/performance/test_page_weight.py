"""Every page kind, with the CSS and JavaScript it loads, weighs at most 50 KB compressed."""

import gzip
import re
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.models import Article
from courses.models import Course, Quiz
from glossary.models import Term

BUDGET = 50 * 1024


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.local, self.external = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = None
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon"):
            url = attrs.get("href")
        elif tag in ("script", "img", "iframe", "source", "video", "audio"):
            url = attrs.get("src")
        if not url:
            return
        if re.match(r"^(https?:)?//", url):
            self.external.append(url)
        else:
            self.local.append(url)


def static_file_bytes(url):
    from django.conf import settings

    name = url.removeprefix(settings.STATIC_URL).removeprefix("/" + settings.STATIC_URL)
    name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name)  # the hashed name's source file
    path = finders.find(name)
    assert path, f"{url} is not a static file of the portal"
    with open(path, "rb") as handle:
        return handle.read()


def page_urls():
    course = Course.objects.published().first()
    lesson = course.lessons.first()
    quiz = Quiz.objects.filter(course=course).first()
    return {
        "home": reverse("home"),
        "articles": reverse("articles:article_list"),
        "article": Article.objects.published().order_by("-body").first().get_absolute_url(),
        "dos and don'ts": reverse("articles:dos_and_donts"),
        "faq": reverse("articles:faq"),
        "glossary": reverse("glossary:term_list"),
        "term": Term.objects.first().get_absolute_url(),
        "courses": reverse("courses:course_list"),
        "course": course.get_absolute_url(),
        "lesson": lesson.get_absolute_url(),
        "quiz": quiz.get_absolute_url(),
        "dashboard": reverse("courses:dashboard"),
        "login": reverse("login"),
        "signup": reverse("accounts:signup"),
        "search": reverse("search") + "?q=negotiation",
    }


def test_every_page_kind_fits_the_budget(client, shipped_content, db, trainee_factory):
    client.force_login(trainee_factory())
    weights = {}
    for kind, url in page_urls().items():
        response = client.get(url)
        assert response.status_code == 200, kind
        html = response.content
        parser = Assets()
        parser.feed(html.decode())
        assert parser.external == [], f"{kind} loads from other hosts: {parser.external}"
        total = len(gzip.compress(html))
        total += sum(len(gzip.compress(static_file_bytes(url))) for url in set(parser.local))
        weights[kind] = total
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= BUDGET, f"{heaviest} weighs {weights[heaviest]} bytes compressed"
