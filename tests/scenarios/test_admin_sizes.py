"""Every shipped scenario, and one twice the size of the largest, opens and saves in the admin.

A browser posts every field of an admin page; Django refuses a post of more than
DATA_UPLOAD_MAX_NUMBER_FIELDS (500) fields with a 400. So each page is posted back exactly as a
browser would build it from the form, unchanged and with one change, and must stay well under
the limit. The content is loaded once for the module, each test inside its own savepoint.
"""

import json
from collections import Counter
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.content import FIXTURE_DIR
from core.models import Source, Status
from glossary.models import Term
from scenarios.graph import check_scenario
from scenarios.models import DecisionPoint, Ending, Scenario, ScenarioChoice
from tests.scenarios.test_admin import form_data, posted_fields

FIELD_BUDGET = 250  # well under the limit of 500, so that a page can grow and still save
FIXTURE_ITEMS = json.loads((FIXTURE_DIR / "40_scenarios.json").read_text(encoding="utf-8"))
SCENARIO_SLUGS = [i["fields"]["slug"] for i in FIXTURE_ITEMS if i["model"] == "scenarios.scenario"]


def shipped_size(model):
    """The largest number of ``model`` items one shipped scenario (or point, for choices) has."""
    owner = "point" if model == "scenarios.scenariochoice" else "scenario"
    counts = Counter(
        tuple(i["fields"][owner]) if owner == "point" else i["fields"]["scenario"][0]
        for i in FIXTURE_ITEMS
        if i["model"] == model
    )
    return max(counts.values())


@pytest.fixture
def editor(shipped_content, db, client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="sizes", password="a-long-test-password", email="sizes@example.org"
    )
    client.force_login(user)
    return client


def generated_scenario():
    """A published, complete scenario with twice the decision points, endings and choices of
    the largest shipped one, and one decision point with twice the most choices of any."""
    shipped_points = Counter(
        i["fields"]["scenario"][0] for i in FIXTURE_ITEMS if i["model"] == "scenarios.decisionpoint"
    )
    largest = shipped_points.most_common(1)[0][0]
    sizes = Counter(
        i["model"] for i in FIXTURE_ITEMS if i["fields"].get("scenario", [None])[0] == largest
    )
    point_count = 2 * sizes["scenarios.decisionpoint"]
    ending_count = 2 * sizes["scenarios.ending"]
    choice_count = 2 * sizes["scenarios.scenariochoice"]
    widest = 2 * shipped_size("scenarios.scenariochoice")

    scenario = Scenario.objects.create(
        title="A long negotiation",
        slug="a-long-negotiation",
        summary="Many rounds.",
        briefing="A **long** briefing.",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    scenario.sources.add(*Source.objects.all()[:3])
    points = [
        DecisionPoint.objects.create(
            scenario=scenario,
            slug=f"round-{n}",
            position=n,
            title=f"Round {n}",
            counterpart="A negotiator",
            stakes="Access",
            situation=f"Round *{n}* begins.",
        )
        for n in range(1, point_count + 1)
    ]
    endings = [
        Ending.objects.create(
            scenario=scenario, slug=f"end-{n}", position=n, title=f"End {n}", outcome="Over."
        )
        for n in range(1, ending_count + 1)
    ]
    # Each round leads to the next (the last ends), and to an ending; the first round takes
    # the widest set of choices; the rest are shared out so the total is twice the largest.
    plan = {point.pk: [] for point in points}
    for n, point in enumerate(points):
        plan[point.pk].append((points[n + 1], None) if n + 1 < len(points) else (None, endings[0]))
        plan[point.pk].append((None, endings[n % len(endings)]))
    while len(plan[points[0].pk]) < widest:
        plan[points[0].pk].append((None, endings[len(plan[points[0].pk]) % len(endings)]))
    extra = choice_count - sum(len(choices) for choices in plan.values())
    for n in range(max(extra, 0)):
        point = points[1 + n % (len(points) - 1)]
        plan[point.pk].append((None, endings[n % len(endings)]))
    articles = list(Article.objects.all()[:2])
    terms = list(Term.objects.all()[:1])
    for point in points:
        for position, (leads_to, ending) in enumerate(plan[point.pk], 1):
            choice = ScenarioChoice.objects.create(
                scenario=scenario,
                point=point,
                position=position,
                text=f"Option {position} at {point.title}",
                leads_to=leads_to,
                ending=ending,
                trust=1,
                debrief_note="Why it *matters*.",
            )
            choice.articles.add(*articles)
            choice.terms.add(*terms)
    assert check_scenario(scenario) == []
    assert scenario.choices.count() >= choice_count
    return scenario


def post_back(client, url, form_id, change=None):
    """Post the page's form as a browser would (changed by ``change``); the number of fields."""
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    data = form_data(response.content.decode(), form_id)
    if change:
        change(data)
    assert posted_fields(data) < FIELD_BUDGET
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-3000:]
    return posted_fields(data)


def change_a_choice(data):
    """Edit the first choice of the page (position 1, as the inline lists them in order)."""
    data["choices-0-trust"] = ["-2"]
    data["choices-0-text"] = ["An edited option"]


def check_every_page_of(client, scenario):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 500
    url = reverse("admin:scenarios_scenario_change", args=[scenario.pk])
    post_back(client, url, "scenario_form")
    post_back(client, url, "scenario_form", lambda data: data.update(summary=["Edited."]))
    assert Scenario.objects.get(pk=scenario.pk).summary == "Edited."
    for point in scenario.decision_points.all():
        url = reverse("admin:scenarios_decisionpoint_change", args=[point.pk])
        post_back(client, url, "decisionpoint_form")
        post_back(client, url, "decisionpoint_form", change_a_choice)
        edited = point.choices.get(position=1)
        assert (edited.text, edited.trust) == ("An edited option", -2)
    scenario.refresh_from_db()
    assert scenario.status == Status.PUBLISHED
    assert check_scenario(scenario) == []


@pytest.mark.parametrize("slug", SCENARIO_SLUGS)
def test_every_page_of_a_shipped_scenario_opens_and_saves(editor, slug):
    check_every_page_of(editor, Scenario.objects.get(slug=slug))


def test_every_page_of_a_scenario_twice_the_largest_opens_and_saves(editor):
    check_every_page_of(editor, generated_scenario())
