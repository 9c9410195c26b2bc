"""The shipped scenarios: sound graphs, enough of them, and every ending reachable in a real run.

The content is loaded once for the module with ``load_content`` (as in tests/content), each
test inside its own savepoint.
"""

import json
import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from core.content import FIXTURE_DIR
from scenarios.graph import check_scenario, load_scenario
from scenarios.models import PRINCIPLE_MEASURES, Measure, Scenario, ScenarioChoice, ScenarioRun

FIXTURE = FIXTURE_DIR / "40_scenarios.json"
SCENARIO_SLUGS = [
    item["fields"]["slug"]
    for item in json.loads(FIXTURE.read_text(encoding="utf-8"))
    if item["model"] == "scenarios.scenario"
]
EXPECTED = {
    "ten-letters-of-objection": ("msf-strategic-networking", "case-msf-letters-of-objection"),
    "a-truce-for-a-price": ("nrc-dos-and-donts", "dont-treat-ihl-as-negotiable"),
    "between-two-parties": ("peace-diplomacy-explainer", "mediation"),
}


@pytest.fixture
def loaded(shipped_content, db):
    """The loaded content inside this test's own savepoint."""


@pytest.fixture
def trainee_client(loaded, client, django_user_model):
    user = django_user_model.objects.create_user(
        username="scenario-check", password="a-long-test-password"
    )
    client.force_login(user)
    return client


def test_at_least_three_scenarios_are_shipped_including_the_three_named(loaded):
    assert set(EXPECTED) <= set(Scenario.objects.published().values_list("slug", flat=True))


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_scenario_graph_is_sound(loaded, slug):
    assert check_scenario(Scenario.objects.get(slug=slug)) == []


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_scenario_has_six_decision_points_and_three_endings(loaded, slug):
    scenario = Scenario.objects.get(slug=slug)
    assert scenario.decision_points.count() >= 6
    assert scenario.endings.count() >= 3


@pytest.mark.parametrize("slug", EXPECTED)
def test_scenario_cites_its_source_and_links_its_key_article(loaded, slug):
    source, article = EXPECTED[slug]
    scenario = Scenario.objects.get(slug=slug)
    assert scenario.sources.filter(slug=source).exists()
    assert ScenarioChoice.objects.filter(scenario=scenario, articles__slug=article).exists()


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_every_choice_has_a_note_an_effect_and_a_link(loaded, slug):
    bare = [
        choice.text
        for choice in ScenarioChoice.objects.filter(scenario__slug=slug).prefetch_related(
            "articles", "terms"
        )
        if not choice.debrief_note_html
        or not choice.effects
        or not (choice.articles.all() or choice.terms.all())
    ]
    assert bare == []


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_every_choice_links_only_published_articles(loaded, slug):
    from articles.models import Article

    linked = Article.objects.filter(scenario_choices__scenario__slug=slug).distinct()
    assert linked.count() == linked.published().count()


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_scenario_is_placed_in_a_course(loaded, slug):
    scenario = Scenario.objects.select_related("course", "after_lesson").get(slug=slug)
    assert scenario.course is not None
    assert scenario.after_lesson is None or scenario.after_lesson.course == scenario.course
    html = Client().get(scenario.course.get_absolute_url()).content.decode()
    assert f'href="{scenario.get_absolute_url()}"' in html


def shortest_paths(loaded_scenario):
    """For each ending, the choices of a shortest path from the start that reaches it."""
    start = min(loaded_scenario.points.values(), key=lambda point: point.position)
    paths, queue, seen = {}, [(start.pk, [])], {start.pk}
    while queue:
        point_id, path = queue.pop(0)
        for choice in loaded_scenario.choices_at(point_id):
            if choice.ending_id is not None:
                paths.setdefault(choice.ending_id, [*path, choice])
            elif choice.leads_to_id not in seen:
                seen.add(choice.leads_to_id)
                queue.append((choice.leads_to_id, [*path, choice]))
    return paths


STEP = re.compile(r'name="step" value="(\d+)"')


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_a_run_reaches_every_ending_with_the_sum_of_its_effects(trainee_client, slug):
    scenario = Scenario.objects.get(slug=slug)
    loaded_scenario = load_scenario(scenario)
    paths = shortest_paths(loaded_scenario)
    assert set(paths) == set(loaded_scenario.endings)
    for ending_id, path in paths.items():
        response = trainee_client.post(reverse("scenarios:scenario_start", args=[slug]))
        run_url = response.url
        for choice in path:
            page = trainee_client.get(run_url).content.decode()
            assert f'name="choice" value="{choice.pk}"' in page
            step = STEP.search(page).group(1)
            trainee_client.post(run_url, {"step": step, "choice": choice.pk})
        run = ScenarioRun.objects.latest("pk")
        assert run.ending_id == ending_id
        expected = {m: sum(getattr(choice, m) for choice in path) for m in Measure.values}
        assert run.measures == expected
        debrief = trainee_client.get(
            reverse("scenarios:scenario_debrief", args=[slug, run.pk])
        ).content.decode()
        assert loaded_scenario.endings[ending_id].title in debrief
        assert debrief.count('class="debrief-step"') == len(path)


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_scenario_pages_open(loaded, client, slug):
    scenario = Scenario.objects.get(slug=slug)
    assert client.get(scenario.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get(reverse("scenarios:scenario_list")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_scenario_sits_after_a_lesson_of_its_course_and_counts_towards_completion(loaded, slug):
    scenario = Scenario.objects.select_related("after_lesson").get(slug=slug)
    assert scenario.counts_towards_completion
    assert scenario.after_lesson is not None
    assert scenario.after_lesson.course_id == scenario.course_id


MEDIATOR_MEASURES = {Measure.TRUST, Measure.AGREEMENT, Measure.INCLUSION}


def test_the_mediation_is_scored_on_a_mediators_measures_only(loaded):
    scenario = Scenario.objects.get(slug="between-two-parties")
    assert set(scenario.tracked_measures) == MEDIATOR_MEASURES
    moved = {m for choice in scenario.choices.all() for m in choice.effects}
    assert moved == MEDIATOR_MEASURES
    assert not moved & set(PRINCIPLE_MEASURES)


def meters(html, prefix):
    return set(re.findall(rf'<meter id="{prefix}-([a-z_]+)"', html))


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_pages_show_only_the_measures_the_scenarios_choices_move(trainee_client, slug):
    scenario = Scenario.objects.get(slug=slug)
    tracked = {m.value for m in scenario.tracked_measures}
    detail = trainee_client.get(scenario.get_absolute_url()).content.decode()
    shown = {m.value for m in Measure if str(m.label) in detail}
    assert shown == tracked
    run_url = trainee_client.post(reverse("scenarios:scenario_start", args=[slug])).url
    assert meters(trainee_client.get(run_url).content.decode(), "now") == tracked
    path = next(iter(shortest_paths(load_scenario(scenario)).values()))
    for choice in path:
        page = trainee_client.get(run_url).content.decode()
        trainee_client.post(run_url, {"step": STEP.search(page).group(1), "choice": choice.pk})
    run = ScenarioRun.objects.latest("pk")
    debrief = trainee_client.get(reverse("scenarios:scenario_debrief", args=[slug, run.pk]))
    assert meters(debrief.content.decode(), "final") == tracked


def test_the_facilitation_fee_is_called_a_bribe_with_its_legal_and_donor_risks(loaded):
    fee = ScenarioChoice.objects.get(
        scenario__slug="ten-letters-of-objection", point__slug="desk-level", position=1
    )
    assert "bribe" in fee.text
    for risk in ("law", "donor", "reputation"):
        assert risk in fee.debrief_note.lower(), risk
    assert Scenario.objects.filter(slug="ten-letters-of-objection", sources__slug="uncac").exists()


def test_the_truce_scenario_teaches_consent_and_control_with_the_ihl_sources(loaded):
    scenario = Scenario.objects.get(slug="a-truce-for-a-price")
    assert "consent" in scenario.briefing
    assert "arbitrarily" in scenario.briefing
    assert {"api-article-70", "apii-article-18", "icrc-customary-ihl-rule-55"} <= set(
        scenario.sources.values_list("slug", flat=True)
    )
