"""Offline course packs: one self-contained file, no answers in it, and codes scored once."""

import base64
import gzip
import json
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from model_bakery import baker

from courses.models import Attempt, Choice, Course, LessonCompletion, Question, QuestionKind
from offline import codes, pack_building, pack_links
from offline.models import PackDownload
from tests.courses.builders import add_quiz
from tests.html_tree import parse

SUBMIT_URL = "https://testserver/learning/offline-answers/"
SIZE_BUDGET = 300 * 1024  # bytes, gzip-compressed
URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "background", "cite", "formaction"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


class Resources(HTMLParser):
    """Every address the pack refers to: attributes, inline CSS, and what it would load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.css, self.actions, self.tags = [], [], [], []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, name, value or ""))
            if name == "style":
                self.css.append(value or "")
            if name == "action":
                self.actions.append(value or "")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.css.append(data)


def resources(html):
    parser = Resources()
    parser.feed(html)
    parser.close()
    return parser


def assert_self_contained(html):
    found = resources(html)
    for tag, name, value in found.urls:
        assert value.startswith(("#", "data:")), f"<{tag} {name}={value!r}> leaves the pack"
        assert "http" not in value.lower()
    for css in found.css:
        assert "@import" not in css
        for value in CSS_URL.findall(css):
            assert value.startswith(("#", "data:")), f"CSS url({value}) leaves the pack"
    assert not [tag for tag, _ in found.tags if tag in {"link", "img", "iframe", "object", "embed"}]
    assert all("src" not in attrs for tag, attrs in found.tags if tag == "script")
    # The one address outside: the portal page that the trainee's "Submit my answers" opens.
    assert found.actions == [SUBMIT_URL]


def correct_answer_texts(course):
    questions = Question.objects.filter(quiz__course=course).prefetch_related("choices")
    texts = []
    for question in questions:
        texts += [question.explanation, question.explanation_html]
        texts += [choice.feedback for choice in question.choices.all()]
    return [text for text in texts if text and len(text) > 3]


READING = re.compile(
    r'<article class="lesson".*?</article>|<section id="glossary".*?</section>'
    r'|<section class="intro".*?</section>',
    re.DOTALL,
)


def without_reading(html):
    """The pack less its lessons, glossary and introduction, whose text feedback may quote."""
    return READING.sub("", html)


def build(course):
    return pack_building.build_pack(course, submit_url=SUBMIT_URL)


def pack_options(html):
    """``{input name: {option text: key}}`` read from the pack, as the trainee sees it."""
    pattern = re.compile(
        r'<input type="(?:radio|checkbox)" name="([^"]+)" value="([0-9a-f]{8})" id="[^"]+"> '
        r'<label for="[^"]+">([^<]*)</label>'
    )
    options = {}
    for name, key, text in pattern.findall(html):
        options.setdefault(name, {})[text] = key
    return options


def answers_from_pack(html, quiz, *, right=True):
    """The pack's answers to ``quiz``, picking the options whose text starts Right (or Wrong)."""
    prefix = "Right" if right else "Wrong"
    responses = {}
    for name, options in pack_options(html).items():
        if name.startswith(f"q-{quiz.slug}-"):
            position = name.rsplit("-", 1)[1]
            responses[position] = [key for text, key in options.items() if text.startswith(prefix)]
    return responses


def code_for(course, *, attempts=(), lessons=(), version="v"):
    payload = {"c": course.slug, "v": version, "l": list(lessons), "a": list(attempts)}
    return codes.encode_code(payload)


ATTEMPT_ID = "AbCdEfGhIjKlMnOpQrStUv"


@pytest.fixture
def rich_course(course, make_term, make_article, quiz, final_quiz):
    """The course with lesson text that mentions and links terms, other lessons, an article
    and an outside site."""
    make_term(
        term="Humanitarian access",
        slug="humanitarian-access",
        short_definition="Reaching people in need.",
        definition="Being able to **reach** people; see [IHL](/glossary/ihl/).",
    )
    make_term(
        term="International humanitarian law",
        slug="ihl",
        aliases="IHL",
        short_definition="The law of armed conflict.",
    )
    make_term(term="Unused term", slug="unused", short_definition="Not in any lesson.")
    make_article(title="Neutrality", slug="neutrality", kind="principle", position=2)
    lesson = course.lessons.get(position=1)
    lesson.body = (
        "Negotiating humanitarian access is hard. See [lesson 2](/courses/foundations/lessons/"
        "lesson-2/), [the article](/articles/neutrality/), [the law](/glossary/ihl/), "
        "[a report](https://example.org/report) and [mail](mailto:a@example.org)."
    )
    lesson.save()
    return course


@pytest.fixture
def enrolled_client(trainee_client, course):
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    return trainee_client


# The pack page and the download


def test_pack_page_needs_an_enrollment(trainee_client, course):
    response = trainee_client.get(reverse("offline:pack_detail", args=[course.slug]))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == course.get_absolute_url()


def test_pack_page_shows_version_and_size_before_download(
    enrolled_client, rich_course, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = enrolled_client.get(reverse("offline:pack_detail", args=[rich_course.slug]))
    assert response.status_code == HTTPStatus.OK
    pack = pack_building.get_pack(
        rich_course, submit_url="http://testserver/learning/offline-answers/"
    )
    page = response.content.decode()
    assert pack.version in page
    assert f"Download the offline pack ({filesizeformat(pack.size)})" in page
    assert reverse("offline:pack_download", args=[rich_course.slug]) in page


def test_download_is_an_attachment_and_records_the_version(
    enrolled_client, trainee, rich_course, django_assert_max_num_queries
):
    url = reverse("offline:pack_download", args=[rich_course.slug])
    with django_assert_max_num_queries(30):
        response = enrolled_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/html; charset=utf-8"
    pack = pack_building.get_pack(
        rich_course, submit_url="http://testserver/learning/offline-answers/"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{pack.filename}"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.content == pack.html
    assert PackDownload.objects.get(user=trainee, course=rich_course).version == pack.version


def test_course_page_says_when_a_newer_pack_exists(enrolled_client, rich_course):
    enrolled_client.get(reverse("offline:pack_download", args=[rich_course.slug]))
    page = enrolled_client.get(rich_course.get_absolute_url()).content.decode()
    assert reverse("offline:pack_detail", args=[rich_course.slug]) in page
    assert "A newer version of the offline pack" not in page
    lesson = rich_course.lessons.get(position=2)
    lesson.body = "Rewritten after the download."
    lesson.save()
    page = enrolled_client.get(rich_course.get_absolute_url()).content.decode()
    assert "A newer version of the offline pack is available." in page


def test_unchanged_content_keeps_its_pack_version(rich_course):
    first = build(rich_course)
    rich_course.lessons.first().save()  # saved, but nothing in it changed
    assert build(rich_course).version == first.version


def test_pack_is_built_once_until_content_changes(rich_course, django_assert_num_queries):
    first = pack_building.get_pack(rich_course, submit_url=SUBMIT_URL)
    with django_assert_num_queries(1):  # the content version; the pack comes from the cache
        assert pack_building.get_pack(rich_course, submit_url=SUBMIT_URL).html == first.html
    choice = Choice.objects.filter(question__quiz__course=rich_course).first()
    choice.text = "Changed text"
    choice.save()
    assert pack_building.get_pack(rich_course, submit_url=SUBMIT_URL).version != first.version


# What the pack holds


def test_pack_is_self_contained(rich_course):
    html = build(rich_course).html.decode()
    parse(html)  # well nested
    assert_self_contained(html)


def test_links_point_inside_the_pack_or_become_text(rich_course):
    html = build(rich_course).html.decode()
    assert 'href="#term-ihl"' in html
    assert 'href="#term-humanitarian-access"' in html
    assert 'href="#lesson-lesson-2"' in html
    assert "the article" in html and "/articles/neutrality/" not in html
    assert '<span class="url">(https://example.org/report)</span>' in html
    assert "mailto:" not in html


def test_pack_holds_every_lesson_quiz_and_term_used(rich_course):
    html = build(rich_course).html.decode()
    for lesson in rich_course.lessons.all():
        assert f'id="lesson-{lesson.slug}"' in html
        assert lesson.title in html
    for quiz in rich_course.quizzes.all():
        assert f'id="quiz-{quiz.slug}"' in html
        for question in quiz.questions.all():
            assert question.prompt in html
    for term in pack_links.course_terms(rich_course):
        assert f'id="term-{term.slug}"' in html
    assert 'id="term-humanitarian-access"' in html and 'id="term-ihl"' in html
    assert 'id="term-unused"' not in html
    assert 'id="source-nrc"' in html


def test_pack_holds_no_correct_answer_data(rich_course):
    html = build(rich_course).html.decode()
    assert "is_correct" not in html and "correct" not in html.lower()
    assert "data-correct" not in html
    for text in correct_answer_texts(rich_course):
        assert text not in html


def test_pack_is_the_same_whichever_choices_are_correct(rich_course):
    before = build(rich_course).html
    for choice in Choice.objects.filter(question__quiz__course=rich_course):
        choice.is_correct = not choice.is_correct
        choice.save()
    assert build(rich_course).html == before


def test_option_keys_do_not_follow_the_database_order(rich_course):
    quiz = add_quiz(rich_course, "shuffled", shuffle_choices=True, questions=6)
    html = build(rich_course).html.decode()
    firsts = [
        list(options)[0] for name, options in pack_options(html).items() if "shuffled" in name
    ]
    assert {text.split()[0] for text in firsts} == {"Right", "Wrong"}
    assert len(firsts) == quiz.questions.count()


# Codes brought back to the portal


def submit(client, code, *, confirm=True):
    data = {"code": code, "action": "confirm" if confirm else "check"}
    return client.post(reverse("offline:offline_answers"), data)


def test_pack_link_shows_what_the_code_holds_before_anything_is_recorded(
    enrolled_client, rich_course, quiz, django_assert_max_num_queries
):
    html = build(rich_course).html.decode()
    code = code_for(
        rich_course,
        attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": answers_from_pack(html, quiz)}],
        lessons=["lesson-1"],
    )
    with django_assert_max_num_queries(15):
        response = enrolled_client.get(reverse("offline:offline_answers"), {"code": code})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert quiz.title in page and "Lesson 1" in page
    assert 'name="action" value="confirm"' in page
    assert not Attempt.objects.exists()
    assert not LessonCompletion.objects.exists()


def test_offline_answers_are_scored_on_the_server_once(
    enrolled_client, trainee, rich_course, quiz, final_quiz
):
    html = build(rich_course).html.decode()
    attempts = [
        {"q": quiz.slug, "i": ATTEMPT_ID, "r": answers_from_pack(html, quiz, right=True)},
        {
            "q": final_quiz.slug,
            "i": "x" * 22,
            "r": answers_from_pack(html, final_quiz, right=False),
        },
    ]
    code = code_for(rich_course, attempts=attempts, lessons=["lesson-1", "lesson-2"])
    response = submit(enrolled_client, code)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == rich_course.get_absolute_url()
    scores = dict(Attempt.objects.filter(user=trainee).values_list("quiz__slug", "score"))
    assert scores == {quiz.slug: 100, final_quiz.slug: 0}
    assert LessonCompletion.objects.filter(user=trainee).count() == 2

    again = submit(enrolled_client, code)
    assert again.status_code == HTTPStatus.FOUND
    assert Attempt.objects.filter(user=trainee).count() == 2
    page = enrolled_client.get(again.url).content.decode()
    assert "already recorded" in page


def test_a_new_offline_attempt_of_the_same_quiz_is_a_new_attempt(
    enrolled_client, trainee, rich_course, quiz
):
    html = build(rich_course).html.decode()
    responses = answers_from_pack(html, quiz)
    submit(
        enrolled_client,
        code_for(rich_course, attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": responses}]),
    )
    submit(
        enrolled_client,
        code_for(rich_course, attempts=[{"q": quiz.slug, "i": "Z" * 22, "r": responses}]),
    )
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 2


def test_the_same_code_from_another_trainee_is_their_own_attempt(
    enrolled_client, client, trainee_factory, rich_course, quiz
):
    html = build(rich_course).html.decode()
    code = code_for(
        rich_course,
        attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": answers_from_pack(html, quiz)}],
    )
    submit(enrolled_client, code)
    client.force_login(trainee_factory("other"))
    submit(client, code)
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_completing_the_course_offline_issues_the_certificate(
    enrolled_client, trainee, rich_course, quiz, final_quiz
):
    html = build(rich_course).html.decode()
    code = code_for(
        rich_course,
        lessons=["lesson-1", "lesson-2"],
        attempts=[
            {"q": quiz.slug, "i": ATTEMPT_ID, "r": answers_from_pack(html, quiz)},
            {"q": final_quiz.slug, "i": "f" * 22, "r": answers_from_pack(html, final_quiz)},
        ],
    )
    submit(enrolled_client, code)
    assert trainee.certificates.filter(course=rich_course).exists()


def test_in_order_course_records_only_lessons_whose_predecessors_are_done(
    enrolled_client, trainee, rich_course
):
    rich_course.lessons_in_order = True
    rich_course.save()
    response = submit(enrolled_client, code_for(rich_course, lessons=["lesson-2"]))
    assert not LessonCompletion.objects.filter(user=trainee).exists()
    page = enrolled_client.get(response.url).content.decode()
    assert "this course is taken in order" in page
    submit(enrolled_client, code_for(rich_course, lessons=["lesson-2", "lesson-1"]))
    assert LessonCompletion.objects.filter(user=trainee).count() == 2


def test_attempt_limit_holds_offline(enrolled_client, trainee, rich_course, quiz):
    quiz.max_attempts = 1
    quiz.save()
    html = build(rich_course).html.decode()
    responses = answers_from_pack(html, quiz)
    for attempt_id in (ATTEMPT_ID, "L" * 22):
        submit(
            enrolled_client,
            code_for(rich_course, attempts=[{"q": quiz.slug, "i": attempt_id, "r": responses}]),
        )
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 1


def test_one_code_carrying_many_attempts_records_no_more_than_the_limit(
    enrolled_client, trainee, rich_course, quiz
):
    quiz.max_attempts = 5
    quiz.save()
    responses = answers_from_pack(build(rich_course).html.decode(), quiz)
    attempts = [{"q": quiz.slug, "i": f"attempt{n:016d}", "r": responses} for n in range(95)]
    response = submit(enrolled_client, code_for(rich_course, attempts=attempts))
    assert response.status_code == HTTPStatus.FOUND
    assert Attempt.objects.filter(user=trainee, quiz=quiz).count() == 5
    page = enrolled_client.get(response.url).content.decode()
    assert "you have used all the attempts this quiz allows" in page


def test_in_order_course_records_no_quiz_before_its_lessons_offline(
    enrolled_client, trainee, rich_course, quiz, final_quiz
):
    rich_course.lessons_in_order = True
    rich_course.save()
    html = build(rich_course).html.decode()
    attempts = [
        {"q": quiz.slug, "i": ATTEMPT_ID, "r": answers_from_pack(html, quiz)},
        {"q": final_quiz.slug, "i": "f" * 22, "r": answers_from_pack(html, final_quiz)},
    ]
    response = submit(enrolled_client, code_for(rich_course, attempts=attempts))
    assert not Attempt.objects.exists()
    page = enrolled_client.get(response.url).content.decode()
    assert "“Quiz check-1”, “Quiz final” were not recorded: this course is taken in order" in page
    code = code_for(rich_course, lessons=["lesson-1"], attempts=attempts)
    submit(enrolled_client, code)
    assert list(Attempt.objects.values_list("quiz__slug", flat=True)) == [quiz.slug]


def test_answers_that_no_longer_fit_the_quiz_are_refused_with_a_message(
    enrolled_client, rich_course, quiz
):
    html = build(rich_course).html.decode()
    responses = answers_from_pack(html, quiz)
    Choice.objects.filter(question__quiz=quiz, position=1).update(text="Reworded")
    response = submit(
        enrolled_client,
        code_for(rich_course, attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": responses}]),
    )
    assert response.status_code == HTTPStatus.OK  # shown again: nothing in it can be recorded
    assert "do not fit the quiz as it is now" in response.content.decode()
    assert not Attempt.objects.exists()


def good_code(course, quiz):
    html = build(course).html.decode()
    return code_for(
        course, attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": answers_from_pack(html, quiz)}]
    )


def with_body(payload_json):
    body = base64.urlsafe_b64encode(payload_json.encode()).decode().rstrip("=")
    return f"DP1.{body}.{codes.crc(body)}"


MALFORMED = {
    "empty": ("", "Paste the code"),
    "not a code": ("hello", "not a code from an offline pack"),
    "two parts": ("DP1.abc", "not a code from an offline pack"),
    "bad characters": ("DP1.a+b/c.00000000", "incomplete or was altered"),
    "not base64 json": (with_body("{not json"), "damaged"),
    "json list": (with_body("[1, 2]"), "damaged"),
    "unknown field": (with_body('{"c": "foundations", "x": 1}'), "damaged"),
    "bad attempt id": (
        with_body('{"c": "foundations", "a": [{"q": "check-1", "i": "short", "r": {"1": []}}]}'),
        "damaged",
    ),
    "bad option key": (
        with_body(
            '{"c": "foundations", "a": [{"q": "check-1", "i": "AbCdEfGhIjKlMnOpQr", '
            '"r": {"1": ["<script>"]}}]}'
        ),
        "damaged",
    ),
    "too long": ("DP1." + "A" * 30000 + ".00000000", "too long"),
    "nested thousands deep": (with_body("[" * 5000 + "]" * 5000), "damaged"),
    "nested objects": (
        with_body('{"c": "foundations", "v": ' + '{"x": ' * 50 + "1" + "}" * 51),
        "damaged",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_code_gets_a_clear_message(enrolled_client, rich_course, quiz, case):
    code, message = MALFORMED[case]
    for confirm in (False, True):
        response = submit(enrolled_client, code, confirm=confirm)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert message in response.content.decode()
    assert not Attempt.objects.exists()


def test_tampered_code_is_caught_by_its_checksum(enrolled_client, rich_course, quiz):
    code = good_code(rich_course, quiz)
    prefix, body, checksum = code.split(".")
    tampered = f"{prefix}.{body[:-3]}{'A' if body[-3] != 'A' else 'B'}{body[-2:]}.{checksum}"
    response = submit(enrolled_client, tampered)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "incomplete or was altered" in response.content.decode()
    assert not Attempt.objects.exists()


def test_code_split_over_lines_still_reads(enrolled_client, rich_course, quiz):
    code = good_code(rich_course, quiz)
    wrapped = "\n".join(code[i : i + 60] for i in range(0, len(code), 60))
    assert submit(enrolled_client, wrapped).status_code == HTTPStatus.FOUND
    assert Attempt.objects.count() == 1


def test_code_with_unknown_option_keys_scores_nothing(enrolled_client, rich_course, quiz):
    responses = {str(q.position): ["0badc0de"] for q in quiz.questions.all()}
    code = code_for(rich_course, attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": responses}])
    response = submit(enrolled_client, code)
    assert "do not fit the quiz as it is now" in response.content.decode()
    assert not Attempt.objects.exists()


def test_two_choices_for_a_single_choice_question_scores_nothing(
    enrolled_client, rich_course, quiz
):
    html = build(rich_course).html.decode()
    responses = {
        name.rsplit("-", 1)[1]: list(options.values())
        for name, options in pack_options(html).items()
        if name.startswith(f"q-{quiz.slug}-")
    }
    submit(
        enrolled_client,
        code_for(rich_course, attempts=[{"q": quiz.slug, "i": ATTEMPT_ID, "r": responses}]),
    )
    assert not Attempt.objects.exists()


def test_code_of_a_course_not_on_the_portal_is_refused(enrolled_client, rich_course):
    response = submit(enrolled_client, code_for(baker.prepare(Course, slug="gone"), lessons=["x"]))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not on the portal" in response.content.decode()


def test_paste_page_needs_an_account(client, db):
    response = client.get(reverse("offline:offline_answers"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("login"))


def test_paste_page_shows_an_empty_form(trainee_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = trainee_client.get(reverse("offline:offline_answers"))
    assert response.status_code == HTTPStatus.OK
    assert 'name="code"' in response.content.decode()


def test_multiple_choice_answers_are_scored_as_on_the_portal(enrolled_client, trainee, course):
    quiz = add_quiz(course, "multi", questions=1)
    question = quiz.questions.get()
    question.kind = QuestionKind.MULTIPLE
    question.save()
    baker.make(Choice, question=question, position=3, text="Right too", is_correct=True)
    html = build(course).html.decode()
    options = pack_options(html)[f"q-{quiz.slug}-1"]
    only_one = {"1": [options["Right multi-1"]]}
    both = {"1": [options["Right multi-1"], options["Right too"]]}
    submit(
        enrolled_client, code_for(course, attempts=[{"q": "multi", "i": "a" * 20, "r": only_one}])
    )
    submit(enrolled_client, code_for(course, attempts=[{"q": "multi", "i": "b" * 20, "r": both}]))
    assert sorted(Attempt.objects.filter(quiz=quiz).values_list("score", flat=True)) == [0, 100]


# The content the portal ships


@pytest.fixture
def loaded(shipped_content, db):
    """The loaded content inside this test's own savepoint."""


def test_every_shipped_course_pack_is_complete_clean_and_small(loaded):
    courses = list(Course.objects.all())
    assert courses
    for course in courses:
        pack = build(course)
        html = pack.html.decode()
        assert len(gzip.compress(pack.html)) <= SIZE_BUDGET
        assert pack.gzip_size <= SIZE_BUDGET
        assert_self_contained(html)
        parse(html)
        for lesson in course.lessons.all():
            assert f'id="lesson-{lesson.slug}"' in html
        terms = list(pack_links.course_terms(course))
        assert terms
        for term in terms:
            assert f'id="term-{term.slug}"' in html
        assert "is_correct" not in html
        rest = without_reading(html)
        for text in correct_answer_texts(course):
            assert text not in rest, text


def test_shipped_course_packs_do_not_change_with_the_correct_answers(loaded):
    course = Course.objects.order_by("slug").first()
    before = build(course).html
    for choice in Choice.objects.filter(question__quiz__course=course):
        choice.is_correct = not choice.is_correct
        choice.save()
    assert build(course).html == before


def test_pack_script_data_holds_only_what_the_script_needs(loaded):
    course = Course.objects.order_by("slug").first()
    html = build(course).html.decode()
    data = json.loads(
        re.search(r'<script id="pack-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert set(data) == {"course", "version", "storageKey", "codePrefix", "text"}
