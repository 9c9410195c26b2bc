"""Taking a scenario: decisions as form posts, replays ignored, own runs only, the debrief."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from core.models import Status
from courses.models import Enrollment
from scenarios.graph import check_scenario
from scenarios.models import (
    DecisionPoint,
    Ending,
    Measure,
    RunStep,
    Scenario,
    ScenarioChoice,
    ScenarioRun,
)
from scenarios.services import Decision, take_choice

POINTS = [("opening", "Opening talks"), ("pressure", "Under pressure"), ("offer", "The offer")]
ENDINGS = [("walkout", "They walk out"), ("deal", "A narrow deal"), ("truce", "A traded truce")]
# (point, position, text, destination, effects); a destination in ENDINGS ends the run
CHOICES = [
    ("opening", 1, "Listen first", "pressure", {"trust": 2, "access": 1}),
    ("opening", 2, "Leave the room", "walkout", {"trust": -3, "independence": 1}),
    ("pressure", 1, "Hold the line", "offer", {"trust": -1, "neutrality": 2}),
    ("pressure", 2, "Start over", "opening", {"staff_safety": -1}),
    ("offer", 1, "Accept the trade", "truce", {"access": 3, "neutrality": -3, "independence": -2}),
    ("offer", 2, "Insist on the law", "deal", {"access": 1, "civilians": 2, "neutrality": 1}),
    ("offer", 3, "Think again", "pressure", {"local_staff_safety": -1}),
]


def build_scenario(
    *, slug="border-talks", course=None, status=Status.PUBLISHED, sources=(), **fields
):
    """A small published scenario: a loop with ways out, three endings, and a linked article."""
    fields.setdefault("title", "Talks at the border")
    scenario = baker.make(
        Scenario,
        slug=slug,
        summary="Practise a short negotiation.",
        briefing="You lead a **small** team.",
        status=status,
        published_at=timezone.now() - timedelta(days=1),
        course=course,
        **fields,
    )
    scenario.sources.add(*sources)
    points = {
        key: DecisionPoint.objects.create(
            scenario=scenario,
            slug=key,
            position=position,
            title=title,
            counterpart="A border official",
            stakes="Access for a convoy",
            situation=f"Situation at *{title}*.",
        )
        for position, (key, title) in enumerate(POINTS, 1)
    }
    endings = {
        key: Ending.objects.create(
            scenario=scenario, slug=key, position=position, title=title, outcome=f"{title}."
        )
        for position, (key, title) in enumerate(ENDINGS, 1)
    }
    for point, position, text, to, effects in CHOICES:
        ScenarioChoice.objects.create(
            scenario=scenario,
            point=points[point],
            position=position,
            text=text,
            leads_to=points.get(to),
            ending=endings.get(to),
            debrief_note=f"Why *{text}* matters.",
            **effects,
        )
    return scenario


@pytest.fixture
def scenario(db):
    return build_scenario()


@pytest.fixture
def trainee(db, django_user_model):
    return django_user_model.objects.create_user(
        username="amina", password="a-long-test-password", display_name="Amina K."
    )


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


def choice(scenario, text):
    return ScenarioChoice.objects.get(scenario=scenario, text=text)


def start(client, scenario):
    response = client.post(reverse("scenarios:scenario_start", args=[scenario.slug]))
    assert response.status_code == HTTPStatus.FOUND
    return ScenarioRun.objects.latest("pk"), response.url


STEP = re.compile(r'name="step" value="(\d+)"')


def decide(client, run_url, text, scenario, *, step=None):
    """Answer the decision on the run page with the choice of that text, as the form does."""
    page = client.get(run_url).content.decode()
    number = step if step is not None else int(STEP.search(page).group(1))
    chosen = choice(scenario, text)
    assert f'name="choice" value="{chosen.pk}"' in page
    return client.post(run_url, {"step": number, "choice": chosen.pk})


def play(client, scenario, texts):
    run, url = start(client, scenario)
    for text in texts:
        response = decide(client, url, text, scenario)
        assert response.status_code == HTTPStatus.FOUND
    run.refresh_from_db()
    return run


def summed(scenario, texts):
    totals = dict.fromkeys(Measure.values, 0)
    for text in texts:
        for measure, change in choice(scenario, text).effects.items():
            totals[measure] += change
    return totals


def test_the_factory_scenario_is_sound(scenario):
    assert check_scenario(scenario) == []


PATHS = {
    "walkout": ["Leave the room"],
    "deal": ["Listen first", "Hold the line", "Insist on the law"],
    "truce": ["Listen first", "Start over", "Listen first", "Hold the line", "Accept the trade"],
}


@pytest.mark.parametrize("ending", PATHS)
def test_a_run_reaches_its_ending_with_the_sum_of_the_effects(trainee_client, scenario, ending):
    run = play(trainee_client, scenario, PATHS[ending])
    assert run.ending.slug == ending
    assert run.is_finished
    assert run.step_count == len(PATHS[ending])
    assert run.measures == summed(scenario, PATHS[ending])
    assert [step.choice.text for step in run.steps.order_by("number")] == PATHS[ending]


def test_the_decision_page_shows_the_situation_choices_and_measures_as_meters(
    trainee_client, scenario
):
    run, url = start(trainee_client, scenario)
    decide(trainee_client, url, "Listen first", scenario)
    html = trainee_client.get(url).content.decode()
    assert "Under pressure" in html
    assert "A border official" in html
    assert '<input type="hidden" name="step" value="2">' in html
    assert html.count('class="scenario-choice"') == 2
    assert re.search(r'<meter id="now-trust" min="-10" max="10"[^>]* value="2">', html)
    assert "Trust with the counterpart <strong>+2</strong>" in html  # the last decision's change
    assert "style=" not in html


def test_posting_the_same_step_twice_applies_the_choice_once(trainee_client, scenario):
    run, url = start(trainee_client, scenario)
    listen = choice(scenario, "Listen first")
    first = trainee_client.post(url, {"step": 1, "choice": listen.pk})
    second = trainee_client.post(url, {"step": 1, "choice": listen.pk}, follow=True)
    run.refresh_from_db()
    assert first.url == url
    assert run.step_count == 1
    assert RunStep.objects.filter(run=run).count() == 1
    assert run.measures["trust"] == 2
    assert "That decision had already been taken" in second.content.decode()


def test_an_old_step_from_the_back_button_is_ignored(trainee_client, scenario):
    run, url = start(trainee_client, scenario)
    decide(trainee_client, url, "Listen first", scenario)
    decide(trainee_client, url, "Hold the line", scenario)
    # Back twice: the page of step 1 offers "Leave the room", which would end the run.
    response = trainee_client.post(
        url, {"step": 1, "choice": choice(scenario, "Leave the room").pk}
    )
    run.refresh_from_db()
    assert response.url == url
    assert run.step_count == 2
    assert run.current_point.slug == "offer"
    assert not run.is_finished


def test_a_step_from_the_future_is_ignored(trainee_client, scenario):
    run, url = start(trainee_client, scenario)
    trainee_client.post(url, {"step": 5, "choice": choice(scenario, "Listen first").pk})
    run.refresh_from_db()
    assert run.step_count == 0


def test_a_choice_of_another_decision_point_is_refused(trainee_client, scenario):
    run, url = start(trainee_client, scenario)
    response = trainee_client.post(
        url, {"step": 1, "choice": choice(scenario, "Accept the trade").pk}, follow=True
    )
    run.refresh_from_db()
    assert run.step_count == 0
    assert "That choice is not on offer here." in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"step": "x", "choice": "1"}, {"step": "1"}])
def test_a_malformed_decision_changes_nothing(trainee_client, scenario, data):
    run, url = start(trainee_client, scenario)
    response = trainee_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    run.refresh_from_db()
    assert run.step_count == 0


def test_the_database_refuses_a_second_step_with_the_same_number(trainee, scenario):
    from django.db import IntegrityError, transaction

    run, _ = take_choice_run(trainee, scenario)
    step = run.steps.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        RunStep.objects.create(run=run, number=1, point=step.point, choice=step.choice)


def take_choice_run(user, scenario):
    from scenarios.services import start_run

    run = start_run(user=user, scenario=scenario)
    return take_choice(run=run, step_number=1, choice_id=choice(scenario, "Listen first").pk)


def test_take_choice_reports_a_replay(trainee, scenario):
    run, decision = take_choice_run(trainee, scenario)
    assert decision is Decision.TAKEN
    _, again = take_choice(run=run, step_number=1, choice_id=choice(scenario, "Listen first").pk)
    assert again is Decision.ALREADY_TAKEN


def test_restarting_makes_a_new_run_and_keeps_the_old_one(trainee_client, scenario):
    first = play(trainee_client, scenario, ["Leave the room"])
    second, url = start(trainee_client, scenario)
    assert second.pk != first.pk
    assert second.step_count == 0
    assert second.current_point.slug == "opening"
    html = trainee_client.get(scenario.get_absolute_url()).content.decode()
    assert "Ended: They walk out" in html
    assert "In progress: continue" in html


def test_runs_need_a_login_and_come_back_after_it(client, trainee, scenario):
    run = ScenarioRun.objects.create(
        user=trainee, scenario=scenario, current_point=scenario.decision_points.first()
    )
    url = reverse("scenarios:scenario_run", args=[scenario.slug, run.pk])
    response = client.get(url)
    assert response.url == f"{reverse('login')}?next={url}"
    html = client.get(scenario.get_absolute_url()).content.decode()
    assert f'href="{reverse("login")}?next=/scenarios/{scenario.slug}/"' in html
    assert client.post(reverse("scenarios:scenario_start", args=[scenario.slug])).status_code == (
        HTTPStatus.FOUND
    )
    assert ScenarioRun.objects.count() == 1


@pytest.mark.parametrize("page", ["scenario_run", "scenario_debrief"])
def test_a_trainee_sees_only_their_own_runs(trainee_client, scenario, django_user_model, page):
    other = django_user_model.objects.create_user(username="other", password="a-long-pass-123")
    theirs = ScenarioRun.objects.create(
        user=other, scenario=scenario, current_point=scenario.decision_points.first()
    )
    url = reverse(f"scenarios:{page}", args=[scenario.slug, theirs.pk])
    assert trainee_client.get(url).status_code == HTTPStatus.NOT_FOUND
    response = trainee_client.post(
        reverse("scenarios:scenario_run", args=[scenario.slug, theirs.pk]),
        {"step": 1, "choice": choice(scenario, "Leave the room").pk},
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.step_count == 0


def test_a_run_is_not_found_under_another_scenario(trainee_client, scenario):
    other = build_scenario(slug="other-talks")
    run, _ = start(trainee_client, scenario)
    url = reverse("scenarios:scenario_run", args=[other.slug, run.pk])
    assert trainee_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_draft_scenario_cannot_be_started_by_a_trainee(trainee_client, db):
    draft = build_scenario(slug="draft", status=Status.DRAFT)
    assert trainee_client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    response = trainee_client.post(reverse("scenarios:scenario_start", args=[draft.slug]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_finished_run_goes_to_its_debrief(trainee_client, scenario):
    run = play(trainee_client, scenario, ["Leave the room"])
    run_url = reverse("scenarios:scenario_run", args=[scenario.slug, run.pk])
    debrief_url = reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    assert trainee_client.get(run_url).url == debrief_url


def test_an_unfinished_run_has_no_debrief_yet(trainee_client, scenario):
    run, url = start(trainee_client, scenario)
    debrief_url = reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    assert trainee_client.get(debrief_url).url == url


def test_the_debrief_ties_each_decision_to_its_note_links_and_better_options(
    trainee_client, scenario, article, term
):
    listen = choice(scenario, "Listen first")
    listen.articles.add(article)
    listen.terms.add(term)
    run = play(trainee_client, scenario, PATHS["truce"])
    response = trainee_client.get(
        reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    )
    html = response.content.decode()
    assert "A traded truce" in html
    assert html.count('class="debrief-step"') == 5
    assert "Why <em>Listen first</em> matters." in html
    assert f'href="{article.get_absolute_url()}">Principle: Neutrality</a>' in html
    assert f'href="{term.get_absolute_url()}">Glossary: International humanitarian law</a>' in html
    # At the offer, insisting on the law would have kept neutrality and independence better.
    assert "“Insist on the law”: Neutrality +1 instead of -3; Independence 0 instead of -2" in html
    assert '<meter id="final-neutrality"' in html
    assert "style=" not in html


def test_the_debrief_map_draws_the_path_taken(trainee_client, scenario):
    run = play(trainee_client, scenario, PATHS["deal"])
    html = trainee_client.get(
        reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    ).content.decode()
    svg = re.search(r'<section class="scenario-map".*?(<svg.*?</svg>)', html, re.DOTALL).group(1)
    assert svg.count('class="map-edge taken"') == 3
    assert svg.count('class="map-node map-point visited"') == 3
    assert svg.count('class="map-node map-ending reached"') == 1


def test_draft_articles_are_not_linked_from_the_debrief(trainee_client, scenario, draft_article):
    choice(scenario, "Leave the room").articles.add(draft_article)
    run = play(trainee_client, scenario, ["Leave the room"])
    html = trainee_client.get(
        reverse("scenarios:scenario_debrief", args=[scenario.slug, run.pk])
    ).content.decode()
    assert draft_article.get_absolute_url() not in html


# Query counts: pinned, and the same for a path of one decision as for a path of many


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(context.captured_queries)


LOOP = ["Listen first", "Start over"] * 6  # from the opening round and back, six times


def test_decision_page_queries_are_pinned_and_do_not_grow_with_the_path(
    trainee_client, scenario, django_assert_max_num_queries
):
    run, url = start(trainee_client, scenario)
    decide(trainee_client, url, "Listen first", scenario)
    with django_assert_max_num_queries(6):  # one is whether to offer the staff reports
        short = count_queries(trainee_client, url)
    for text in [*LOOP[1:], "Listen first"]:
        decide(trainee_client, url, text, scenario)
    run.refresh_from_db()
    assert run.step_count == 13
    assert count_queries(trainee_client, url) == short


def test_debrief_queries_are_pinned_and_do_not_grow_with_the_path(
    trainee_client, scenario, article, term, django_assert_max_num_queries
):
    for text in ("Leave the room", "Listen first", "Start over"):
        choice(scenario, text).articles.add(article)
        choice(scenario, text).terms.add(term)
    short = play(trainee_client, scenario, ["Leave the room"])
    long = play(trainee_client, scenario, [*LOOP, "Leave the room"])
    assert long.step_count == 13
    with django_assert_max_num_queries(10):  # one is whether to offer the staff reports
        few = count_queries(
            trainee_client, reverse("scenarios:scenario_debrief", args=[scenario.slug, short.pk])
        )
    many = count_queries(
        trainee_client, reverse("scenarios:scenario_debrief", args=[scenario.slug, long.pk])
    )
    assert many == few


def test_scenario_pages_for_visitors_are_pinned(client, scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(reverse("scenarios:scenario_list")).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(3):
        assert client.get(scenario.get_absolute_url()).status_code == HTTPStatus.OK


# Courses


def test_a_scenario_appears_in_its_course_outline_after_its_lesson_and_quizzes(client, course):
    first, second = course.lessons.order_by("position")
    baker.make("courses.Quiz", course=course, slug="check-1", title="Check one", after_lesson=first)
    baker.make("courses.Quiz", course=course, slug="final", title="Final quiz")
    build_scenario(course=course, after_lesson=first)
    build_scenario(slug="closing-talks", course=course, title="Closing talks")
    build_scenario(slug="hidden", course=course, title="Hidden talks", status=Status.DRAFT)
    html = client.get(course.get_absolute_url()).content.decode()
    order = ["Lesson 1", "Check one", "Talks at the border", "Lesson 2", "Closing talks", "Final"]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Hidden talks" not in html
    assert 'class="scenario-step"' in html


def test_a_scenario_that_counts_must_be_finished_to_complete_the_course(
    trainee_client, trainee, course
):
    scenario = build_scenario(course=course, counts_towards_completion=True)
    trainee_client.post(reverse("courses:enroll", args=[course.slug]))
    for lesson in course.lessons.all():
        trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    assert Enrollment.objects.get().completed_at is None
    run, url = start(trainee_client, scenario)
    decide(trainee_client, url, "Listen first", scenario)
    assert Enrollment.objects.get().completed_at is None  # started is not finished
    decide(trainee_client, url, "Start over", scenario)
    decide(trainee_client, url, "Leave the room", scenario)
    assert Enrollment.objects.get().completed_at is not None
    assert trainee.certificates.count() == 1


def test_an_optional_scenario_does_not_hold_up_completion(trainee_client, course):
    build_scenario(course=course)
    for lesson in course.lessons.all():
        trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    assert Enrollment.objects.get().completed_at is not None


def test_another_trainees_finished_run_does_not_count_for_me(
    trainee_client, course, django_user_model
):
    scenario = build_scenario(course=course, counts_towards_completion=True)
    other = django_user_model.objects.create_user(username="other", password="a-long-pass-123")
    ScenarioRun.objects.create(
        user=other,
        scenario=scenario,
        ending=scenario.endings.first(),
        finished_at=timezone.now(),
    )
    for lesson in course.lessons.all():
        trainee_client.post(reverse("courses:lesson_complete", args=[course.slug, lesson.slug]))
    assert Enrollment.objects.get().completed_at is None


def test_a_placement_after_a_lesson_needs_a_course(db, course):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        build_scenario(after_lesson=course.lessons.first())


def test_another_trainees_quiz_pass_does_not_count_for_me(trainee, course, django_user_model):
    """Found while adding scenarios to completion: one exclude() over attempts mixed trainees."""
    from courses import services
    from courses.models import Attempt, LessonCompletion

    quiz = baker.make("courses.Quiz", course=course, slug="check", title="Check")
    other = django_user_model.objects.create_user(username="other", password="a-long-pass-123")
    for lesson in course.lessons.all():
        LessonCompletion.objects.create(user=trainee, lesson=lesson)
    attempt = {"quiz": quiz, "question_count": 2}
    Attempt.objects.create(
        user=trainee, token="mine", correct_count=0, score=0, passed=False, **attempt
    )
    Attempt.objects.create(
        user=other, token="theirs", correct_count=2, score=100, passed=True, **attempt
    )
    enrollment = Enrollment.objects.create(user=trainee, course=course)
    assert services.complete_course_if_done(enrollment=enrollment) is None
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None


@pytest.mark.parametrize(
    ("name", "args", "view"),
    [
        ("scenario_list", [], "scenario_list"),
        ("scenario_detail", ["talks"], "scenario_detail"),
        ("scenario_start", ["talks"], "scenario_start"),
        ("scenario_run", ["talks", 3], "scenario_run"),
        ("scenario_debrief", ["talks", 3], "scenario_debrief"),
    ],
)
def test_scenario_urls_reverse_and_resolve(name, args, view):
    from django.urls import resolve

    from scenarios import views as scenario_views

    match = resolve(reverse(f"scenarios:{name}", args=args))
    assert match.func is getattr(scenario_views, view)
    assert match.view_name == f"scenarios:{name}"


def test_the_briefing_page_with_runs_is_pinned(
    trainee_client, scenario, django_assert_max_num_queries
):
    for _ in range(3):
        play(trainee_client, scenario, ["Leave the room"])
    with django_assert_max_num_queries(6):  # one is whether to offer the staff reports
        html = trainee_client.get(scenario.get_absolute_url()).content.decode()
    assert html.count("Ended: They walk out") == 3


def test_a_new_scenario_shows_at_once_on_the_cached_course_page(client, course):
    assert "Talks at the border" not in client.get(course.get_absolute_url()).content.decode()
    build_scenario(course=course)
    assert "Talks at the border" in client.get(course.get_absolute_url()).content.decode()
