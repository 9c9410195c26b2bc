"""The shipped content set as a whole: what it must contain, and that it holds together.

Checks that read one field of one item parse the fixture JSON; checks that need relations,
rendered HTML, pages or quiz scoring use a database loaded once per module with
``load_content``, each test inside its own savepoint.
"""

import functools
import html
import json
import re
import subprocess
import sys
import uuid
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article, Kind
from core.content import fixture_paths
from courses import services
from courses.models import Course, Lesson, Question, QuestionKind, Quiz
from glossary.models import Term

FOUR_HUMANITARIAN_PRINCIPLES = {"humanity", "neutrality", "impartiality", "independence"}

NAMED_CASE_STUDIES = {
    "case-black-sea-initiative",
    "case-afghanistan-taliban-engagement",
    "case-yemen-local-partners",
    "case-msf-letters-of-objection",
    "case-msf-state-attitudes-research",
    "case-world-humanitarian-summit-2016",
    "case-health-workers-access",
    "case-consular-access-resolution-73-257",
}

# The five questions answered in the FAQ of source 000 and the three of source 004.
FAQ_BY_SOURCE = {
    "humanitarian-diplomacy-explainer": {
        "faq-what-is-humanitarian-diplomacy",
        "faq-goal-of-humanitarian-diplomacy",
        "faq-levels-of-humanitarian-diplomacy",
        "faq-core-principles",
        "faq-why-humanitarian-diplomacy-matters",
    },
    "peace-diplomacy-explainer": {
        "faq-what-is-peace-diplomacy",
        "faq-goal-of-peace-diplomacy",
        "faq-forms-of-peace-diplomacy",
    },
}

REQUIRED_TERMS = {
    "humanitarian-diplomacy", "peace-diplomacy", "international-humanitarian-law",
    "humanitarian-principles", "humanity", "neutrality", "impartiality", "independence",
    "humanitarian-space", "humanitarian-access", "protection-of-civilians",
    "humanitarian-advocacy", "do-no-harm-analysis", "forum-shopping", "red-lines", "leverage",
    "de-facto-authorities", "no-contact-policy", "special-envoy", "humanitarian-ceasefire",
    "humanitarian-truce", "humanitarian-pause", "strategic-engagement", "tactical-engagement",
    "strategic-networking", "frames-of-reference", "ingo", "non-state-armed-group",
    "multilateral-diplomacy", "bilateral-negotiations", "multilateral-dialogue", "mediation",
    "shuttle-diplomacy", "conflict-resolution", "confidence-building-measures", "arms-control",
    "non-proliferation-regime", "stabilisation-diplomacy", "peace-operations",
    "root-causes-of-conflict", "fragility-conflict-and-violence", "global-health-diplomacy",
    "world-humanitarian-summit", "authorising-environment", "localisation",
    "black-sea-initiative", "consular-access", "humanitarian-data",
}  # fmt: skip

# Page furniture of the sources that must never reach the site.
NOISE = [
    re.compile(re.escape(text), re.IGNORECASE)
    for text in (
        "explore related products",
        "you may want to see also",
        "what you'll learn",
        "read more...",
        "planned parenthood",
        "kamala harris",
        "money talks, strategies walk",
        "property portfolio",
        "colonial diplomacy",
        "Animal, Mammal, Wildlife",
        "Logo, First Aid, Red Cross, Symbol",
        "nrcgeneva.policy@",
    )
] + [re.compile(r"\$\d")]

LINK_TARGET = re.compile(r"\]\([^)]*\)")
LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
WORD = re.compile(r"\w+(?:['’-]\w+)*")
HREF = re.compile(r'href="([^"]*)"')
BARE_URL = re.compile(r"https?://|www\.", re.IGNORECASE)

COPYCHECK = Path(settings.BASE_DIR).parent / "shared" / "tools" / "copycheck.py"


@functools.cache
def fixture_items():
    return [
        item for path in fixture_paths() for item in json.loads(path.read_text(encoding="utf-8"))
    ]


def fields_of(model):
    return [item["fields"] for item in fixture_items() if item["model"] == model]


COURSE_SLUGS = [fields["slug"] for fields in fields_of("courses.course")]


def word_count(markdown):
    """Words of the Markdown as a reader sees them: link targets and Markdown syntax left out."""
    text = LINK_DEFINITION.sub("", LINK_TARGET.sub("]", markdown))
    return len(WORD.findall(text))


@pytest.fixture
def loaded(shipped_content, db):
    """The loaded content inside this test's own savepoint."""


@pytest.fixture
def trainee(loaded, django_user_model):
    user = django_user_model.objects.create_user(
        username="content-check", password="a-long-test-password"
    )
    # Every lesson done, so that every quiz is open, in courses taken in order too.
    for lesson in Lesson.objects.select_related("course"):
        services.complete_lesson(user=user, lesson=lesson)
    return user


def slugs_of(kind):
    return set(Article.objects.of_kind(kind).values_list("slug", flat=True))


# Counts


def test_at_least_six_principles_including_the_four_humanitarian_ones(loaded):
    principles = slugs_of(Kind.PRINCIPLE)
    assert len(principles) >= 6
    assert FOUR_HUMANITARIAN_PRINCIPLES - principles == set()


@pytest.mark.parametrize("kind", [Kind.DO, Kind.DONT])
def test_exactly_five_dos_and_five_donts_numbered_one_to_five(loaded, kind):
    positions = sorted(Article.objects.of_kind(kind).values_list("position", flat=True))
    assert positions == [1, 2, 3, 4, 5]


def test_at_least_seven_case_studies_including_the_named_ones(loaded):
    cases = slugs_of(Kind.CASE_STUDY)
    assert len(cases) >= 7
    assert NAMED_CASE_STUDIES - cases == set()


def test_at_least_twelve_explainers(loaded):
    assert len(slugs_of(Kind.EXPLAINER)) >= 12


def test_faq_holds_exactly_the_eight_questions_of_the_two_explainers(loaded):
    expected = set().union(*FAQ_BY_SOURCE.values())
    assert slugs_of(Kind.FAQ) == expected


@pytest.mark.parametrize("source_slug", FAQ_BY_SOURCE)
def test_each_faq_entry_cites_the_explainer_it_answers_from(loaded, source_slug):
    uncited = Article.objects.filter(slug__in=FAQ_BY_SOURCE[source_slug]).exclude(
        sources__slug=source_slug
    )
    assert list(uncited.values_list("slug", flat=True)) == []


def test_at_least_45_glossary_terms(loaded):
    assert Term.objects.count() >= 45


def test_glossary_has_every_required_term(loaded):
    present = set(Term.objects.values_list("slug", flat=True))
    assert REQUIRED_TERMS - present == set()


def test_at_least_three_courses(loaded):
    assert Course.objects.count() >= 3
    assert len(COURSE_SLUGS) >= 3


@pytest.mark.parametrize("course_slug", COURSE_SLUGS)
def test_course_has_at_least_four_lessons(loaded, course_slug):
    assert Lesson.objects.filter(course__slug=course_slug).count() >= 4


@pytest.mark.parametrize("course_slug", COURSE_SLUGS)
def test_course_has_a_quiz_after_every_lesson(loaded, course_slug):
    without_quiz = Lesson.objects.filter(course__slug=course_slug, quizzes=None)
    assert list(without_quiz.values_list("slug", flat=True)) == []


@pytest.mark.parametrize("course_slug", COURSE_SLUGS)
def test_course_has_a_final_quiz(loaded, course_slug):
    assert Quiz.objects.filter(course__slug=course_slug, after_lesson=None).exists()


@pytest.mark.parametrize("course_slug", COURSE_SLUGS)
def test_course_has_at_least_25_questions(loaded, course_slug):
    assert Question.objects.filter(quiz__course__slug=course_slug).count() >= 25


@pytest.mark.parametrize("course_slug", COURSE_SLUGS)
def test_course_mixes_all_three_question_kinds(loaded, course_slug):
    kinds = set(
        Question.objects.filter(quiz__course__slug=course_slug).values_list("kind", flat=True)
    )
    assert kinds == set(QuestionKind.values)


# Sources, terms and aliases


@pytest.mark.parametrize("model", [Article, Term, Lesson], ids=["article", "term", "lesson"])
def test_every_item_cites_at_least_one_source(loaded, model):
    uncited = model.objects.filter(sources=None)
    assert [str(item) for item in uncited] == []


def test_every_term_has_a_short_definition(loaded):
    assert list(Term.objects.filter(short_definition="").values_list("slug", flat=True)) == []


def test_every_term_has_a_related_term(loaded):
    alone = Term.objects.filter(related_terms=None)
    assert list(alone.values_list("slug", flat=True)) == []


def test_term_names_and_aliases_are_unique_ignoring_case(loaded):
    owners = {}
    for term in Term.objects.all():
        for name in term.names:
            owners.setdefault(name.casefold(), []).append(term.slug)
    assert {name: slugs for name, slugs in owners.items() if len(slugs) > 1} == {}


def test_ihl_is_an_alias_of_international_humanitarian_law(loaded):
    term = Term.objects.get(slug="international-humanitarian-law")
    assert "IHL" in term.alias_list


# Questions and choices


def questions_of_kind(kind):
    return Question.objects.filter(kind=kind).select_related("quiz__course")


def key(question):
    return "/".join(str(part) for part in question.natural_key())


def test_single_choice_questions_have_exactly_one_correct_choice(loaded):
    wrong = [
        key(question)
        for question in questions_of_kind(QuestionKind.SINGLE).prefetch_related("choices")
        if sum(choice.is_correct for choice in question.choices.all()) != 1
    ]
    assert wrong == []


def test_true_false_questions_offer_true_and_false_with_one_correct(loaded):
    wrong = [
        key(question)
        for question in questions_of_kind(QuestionKind.TRUE_FALSE).prefetch_related("choices")
        if sorted(choice.text for choice in question.choices.all()) != ["False", "True"]
        or sum(choice.is_correct for choice in question.choices.all()) != 1
    ]
    assert wrong == []


def test_multiple_choice_questions_have_a_correct_and_a_wrong_choice(loaded):
    wrong = [
        key(question)
        for question in questions_of_kind(QuestionKind.MULTIPLE).prefetch_related("choices")
        if {choice.is_correct for choice in question.choices.all()} != {True, False}
    ]
    assert wrong == []


def test_every_question_has_an_explanation(loaded):
    unexplained = Question.objects.filter(explanation__regex=r"^\s*$").select_related(
        "quiz__course"
    )
    assert [key(question) for question in unexplained] == []


# Quiz scoring, with the app's own grading (Question.is_answered_by) and scoring (submit_attempt)


def right_answer(question):
    return [choice for choice in question.choices.all() if choice.is_correct]


def wrong_answer(question):
    """One wrong choice; a blank answer when the question has none (a defect checked above)."""
    return [choice for choice in question.choices.all() if not choice.is_correct][:1]


def attempt(user, quiz, questions, wrong=()):
    """Submit an attempt answering the questions at the positions in ``wrong`` wrongly."""
    graded = []
    for question in questions:
        chosen = wrong_answer(question) if question.position in wrong else right_answer(question)
        graded.append((question, chosen, question.is_answered_by(chosen)))
    submitted, _ = services.submit_attempt(
        user=user, quiz=quiz, token=uuid.uuid4().hex, graded_answers=graded
    )
    return submitted


def quizzes_with_questions():
    for quiz in Quiz.objects.select_related("course").prefetch_related("questions__choices"):
        yield quiz, list(quiz.questions.all())


def test_all_correct_answers_pass_every_quiz(trainee):
    failed = [
        "/".join(quiz.natural_key())
        for quiz, questions in quizzes_with_questions()
        if not attempt(trainee, quiz, questions).passed
    ]
    assert failed == []


def test_all_wrong_answers_fail_every_quiz(trainee):
    passed = [
        "/".join(quiz.natural_key())
        for quiz, questions in quizzes_with_questions()
        if attempt(trainee, quiz, questions, wrong={q.position for q in questions}).passed
    ]
    assert passed == []


def test_one_wrong_answer_fails_a_quiz_of_three_questions_or_fewer(trainee):
    passed = [
        f"{'/'.join(quiz.natural_key())} with question {question.position} wrong"
        for quiz, questions in quizzes_with_questions()
        if len(questions) <= 3
        for question in questions
        if attempt(trainee, quiz, questions, wrong={question.position}).passed
    ]
    assert passed == []


# Word counts


@pytest.mark.parametrize(
    ("model", "low", "high"),
    [("articles.article", 150, 600), ("courses.lesson", 300, 900)],
    ids=["article", "lesson"],
)
def test_bodies_are_within_their_word_range(model, low, high):
    out_of_range = {
        fields["slug"]: count
        for fields in fields_of(model)
        if not low <= (count := word_count(fields["body"])) <= high
    }
    assert out_of_range == {}


def test_word_count_ignores_link_targets_and_markdown_syntax():
    assert word_count("## Title\n\n- See [the glossary](/glossary/ihl/) *now*.") == 5


# Noise


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.name)
def test_fixture_contains_no_page_furniture_from_the_sources(path):
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
    found = {pattern.pattern: pattern.findall(text) for pattern in NOISE if pattern.search(text)}
    assert found == {}


# Links


MARKDOWN_MODELS = (Article, Term, Lesson, Course, Question)


def rendered_html():
    """``(item, html)`` for every rendered Markdown field of every content item."""
    for model in MARKDOWN_MODELS:
        for item in model.objects.all():
            for field in model.markdown_fields:
                yield item, getattr(item, f"{field}_html")


def hrefs_by_item():
    hrefs = {}
    for item, rendered in rendered_html():
        for href in HREF.findall(rendered):
            hrefs.setdefault(html.unescape(href), set()).add(f"{item._meta.model_name} {item}")
    return hrefs


def test_every_internal_link_in_content_opens_a_page(trainee, client):
    """Checked as a signed-in trainee, so that links to quizzes count as working."""
    client.force_login(trainee)
    pages = {}
    for href, where in hrefs_by_item().items():
        if href.startswith("/"):
            pages.setdefault(href.partition("#")[0], set()).update(where)
    assert pages, "the content should link to its own pages"
    broken = {
        page: sorted(where)
        for page, where in sorted(pages.items())
        if client.get(page).status_code != HTTPStatus.OK
    }
    assert broken == {}


def test_content_links_to_no_external_host(loaded):
    external = {
        href: sorted(where)
        for href, where in hrefs_by_item().items()
        if not href.startswith(("/", "#")) or href.startswith("//")
    }
    assert external == {}


def test_no_fixture_text_contains_a_web_address():
    """A source's own ``url`` is a citation, not a link in content; everything else must not."""
    found = [
        (item["model"], name, value)
        for item in fixture_items()
        for name, value in item["fields"].items()
        if isinstance(value, str)
        and BARE_URL.search(value)
        and (item["model"], name) != ("core.source", "url")
    ]
    assert found == []


# Copying from the sources


@pytest.mark.skipif(not COPYCHECK.exists(), reason=f"copycheck not found at {COPYCHECK}")
def test_copycheck_finds_no_run_shared_with_the_sources():
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), str(settings.BASE_DIR)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# FAQ page and navigation


def test_faq_page_shows_all_eight_questions(loaded, client):
    response = client.get(reverse("articles:faq"))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    titles = list(Article.objects.of_kind(Kind.FAQ).values_list("title", flat=True))
    assert len(titles) == 8
    assert [title for title in titles if html.escape(title) not in page] == []


def test_navigation_links_to_the_faq_page(loaded, client):
    page = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.DOTALL)
    assert nav is not None
    assert f'href="{reverse("articles:faq")}"' in nav.group()


# Accuracy of the content in the areas outside the courses

OWN_FILES = (
    "00_sources.json",
    "10_glossary.json",
    "20_principles.json",
    "21_dos_and_donts.json",
    "22_case_studies.json",
    "23_explainers.json",
    "25_faq.json",
    "40_scenarios.json",
)
QUOTATION = re.compile(r'"[^"\n]{1,400}"|\u201c[^\u201d\n]{1,400}\u201d')
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\n|\n- ")


@functools.cache
def items_by_slug():
    items = {}
    for path in fixture_paths():
        for item in json.loads(path.read_text(encoding="utf-8")):
            slug = item["fields"].get("slug")
            if slug:
                items[(item["model"], slug)] = item["fields"]
    return items


def article(slug):
    return items_by_slug()[("articles.article", slug)]


def term(slug):
    return items_by_slug()[("glossary.term", slug)]


def cited(fields):
    return {slug for (slug,) in fields["sources"]}


def own_texts():
    for path in fixture_paths():
        if path.name in OWN_FILES:
            for item in json.loads(path.read_text(encoding="utf-8")):
                for name, value in item["fields"].items():
                    if isinstance(value, str):
                        yield f"{path.name} {item['fields'].get('slug', '')} {name}", value


def test_sources_added_for_facts_from_outside_the_five_documents_carry_a_year_and_an_address():
    sources = {fields["slug"]: fields for fields in fields_of("core.source")}
    for slug in (
        "ifrc-humanitarian-diplomacy-policy",
        "api-article-70",
        "apii-article-18",
        "icrc-customary-ihl-rule-55",
        "un-black-sea-grain-initiative",
        "agenda-for-humanity",
        "grand-bargain-2016",
    ):
        assert sources[slug]["year"], slug
        assert sources[slug]["url"].startswith("https://"), slug


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        ("glossary.term", "humanitarian-diplomacy"),
        ("articles.article", "further-reading"),
        ("articles.article", "defining-humanitarian-diplomacy"),
        ("articles.article", "faq-what-is-humanitarian-diplomacy"),
    ],
)
def test_the_definition_of_humanitarian_diplomacy_is_credited_to_the_ifrc(model, slug):
    fields = items_by_slug()[(model, slug)]
    text = fields.get("body") or fields["definition"]
    assert "ifrc-humanitarian-diplomacy-policy" in cited(fields)
    assert "IFRC" in text
    assert "2009" in text


def test_further_reading_names_the_ifrc_course_run_with_diplofoundation():
    body = article("further-reading")["body"]
    assert re.search(r"DiploFoundation and the IFRC.*course", body)
    assert "Kavak" in body


def test_no_text_credits_wiseman_with_multilateral_diplomacy():
    wrong = [where for where, text in own_texts() if "J. Wiseman" in text]
    assert wrong == []
    assert "Geoffrey Wiseman" in term("polylateralism")["definition"]
    assert "wiseman-polylateralism" in cited(term("polylateralism"))


def test_lise_grande_is_quoted_as_then_president():
    present = re.compile(r"Lise Grande, (president|who leads)|Grande of the United States", re.I)
    wrong = [where for where, text in own_texts() if present.search(text)]
    assert wrong == []
    assert "then president" in article("faq-what-is-peace-diplomacy")["body"]


IHL_SOURCES = {"api-article-70", "apii-article-18", "icrc-customary-ihl-rule-55"}


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        ("articles.article", "dont-treat-ihl-as-negotiable"),
        ("glossary.term", "international-humanitarian-law"),
        ("glossary.term", "humanitarian-access"),
        ("glossary.term", "humanitarian-ceasefire"),
        ("glossary.term", "humanitarian-truce"),
    ],
)
def test_ihl_entries_say_relief_needs_consent_not_withheld_arbitrarily_and_allows_control(
    model, slug
):
    fields = items_by_slug()[(model, slug)]
    text = fields.get("body") or fields["definition"]
    assert "consent" in text
    assert "arbitrarily" in text
    assert re.search(r"search|control", text)
    assert cited(fields) >= IHL_SOURCES


def test_the_black_sea_case_says_what_the_initiative_was_who_brokered_it_and_when():
    fields = article("case-black-sea-initiative")
    for fact in ("Black Sea Grain Initiative", "Türkiye", "United Nations", "July 2022",
                 "July 2023", "fertiliser", "withdrew"):  # fmt: skip
        assert fact in fields["body"], fact
    assert "un-black-sea-grain-initiative" in cited(fields)


def test_the_world_humanitarian_summit_case_gives_its_outcomes():
    fields = article("case-world-humanitarian-summit-2016")
    for fact in ("Istanbul", "May 2016", "Agenda for Humanity", "Grand Bargain", "3,000"):
        assert fact in fields["body"], fact
    assert {"agenda-for-humanity", "grand-bargain-2016"} <= cited(fields)


def test_own_texts_teach_the_subject_rather_than_comment_on_the_sources():
    commentary = re.compile(
        r"\bthe (explainer|source|sources|paper|blog post|teaser)\b|diplomacy explainer\b", re.I
    )
    found = [where for where, text in own_texts() if commentary.search(text)]
    assert found == []


@pytest.mark.parametrize("variant", ["policy makers", "policymakers", "wellbeing", "percent"])
def test_own_texts_use_one_spelling_of_common_variants(variant):
    found = [where for where, text in own_texts() if variant in text.lower()]
    assert found == []


def sentence_lengths(markdown):
    text = QUOTATION.sub("quotation", LINK_TARGET.sub("]", markdown))
    text = re.sub(r"^#+ .*$", "", text, flags=re.MULTILINE)
    return [n for s in SENTENCE_END.split(text) if (n := len(WORD.findall(s)))]


@pytest.mark.parametrize("slug", sorted(set().union(*FAQ_BY_SOURCE.values())))
def test_faq_answers_are_written_in_short_sentences(slug):
    lengths = sentence_lengths(article(slug)["body"])
    assert sum(lengths) / len(lengths) <= 13
    assert max(lengths) <= 30
