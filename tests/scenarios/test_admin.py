"""Editors build scenarios in the admin: the scenario's page with its endings and map, a page per
decision point with its choices, and the graph check on every save of a published scenario."""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.urls import reverse

from core.models import Status
from scenarios.models import DecisionPoint, Ending, Scenario, ScenarioChoice
from tests.scenarios.test_runs import build_scenario


class FormFields(HTMLParser):
    """The values a browser would submit from the form with the given id (no JavaScript)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in (attrs.get("name") or ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            else:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)


def form_data(html, form_id="scenario_form"):
    """The data a browser would submit, as a dict of lists, ready to change and post."""
    parser = FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value.removeprefix("\n"))
    return data


def posted_fields(data):
    """How many fields a browser posts with this data, as DATA_UPLOAD_MAX_NUMBER_FIELDS counts."""
    return sum(len(values) for values in data.values())


@pytest.fixture
def editor(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def scenario(source):
    return build_scenario(sources=[source])


def change_url(scenario):
    return reverse("admin:scenarios_scenario_change", args=[scenario.pk])


def point_url(point):
    return reverse("admin:scenarios_decisionpoint_change", args=[point.pk])


def point_form(client, point):
    return form_data(client.get(point_url(point)).content.decode(), "decisionpoint_form")


def choice_prefix(data, choice):
    """The form prefix (``choices-3``) of the inline form that edits this choice."""
    (name,) = [
        name
        for name, values in data.items()
        if name.startswith("choices-") and name.endswith("-id") and values == [str(choice.pk)]
    ]
    return name.removesuffix("-id")


def test_change_form_shows_the_map_and_says_the_graph_is_complete(editor, scenario):
    html = editor.get(change_url(scenario)).content.decode()
    svg = re.search(r'<div class="scenario-map">(<svg.*?</svg>)</div>', html, re.DOTALL)
    assert svg is not None
    assert svg.group(1).count('class="map-node ') == 6
    assert "Opening talks" in svg.group(1)
    assert "style=" not in svg.group(1)
    assert "Complete: every decision point can be reached" in html


def test_scenario_page_has_endings_and_links_to_its_decision_points(editor, scenario):
    html = editor.get(change_url(scenario)).content.decode()
    data = form_data(html)
    assert data["endings-TOTAL_FORMS"] == ["3"]
    assert not any(name.startswith(("choices-", "decision_points-")) for name in data)
    for point in scenario.decision_points.all():
        assert f'href="{point_url(point)}"' in html
    add = reverse("admin:scenarios_decisionpoint_add")
    assert f'href="{add}?scenario={scenario.pk}"' in html


def test_decision_point_page_has_its_choices_and_no_others(editor, scenario):
    opening = DecisionPoint.objects.get(slug="opening")
    data = point_form(editor, opening)
    assert data["choices-TOTAL_FORMS"] == ["2"]
    assert "choices-0-neutrality" in data
    assert "choices-0-debrief_note" in data
    assert data["title"] == ["Opening talks"]


def test_saving_an_unchanged_scenario_works(editor, scenario):
    data = form_data(editor.get(change_url(scenario)).content.decode())
    response = editor.post(change_url(scenario), data)
    assert response.status_code == HTTPStatus.FOUND


def test_saving_a_decision_point_returns_to_its_scenario(editor, scenario):
    opening = DecisionPoint.objects.get(slug="opening")
    data = point_form(editor, opening)
    data["title"] = ["Opening round"]
    data[f"{choice_prefix(data, ScenarioChoice.objects.get(text='Listen first'))}-trust"] = ["3"]
    response = editor.post(point_url(opening), data)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == change_url(scenario)
    opening.refresh_from_db()
    assert opening.title == "Opening round"
    assert ScenarioChoice.objects.get(text="Listen first").trust == 3


def test_a_choice_added_on_a_decision_point_page_belongs_to_its_scenario(editor, scenario):
    offer = DecisionPoint.objects.get(slug="offer")
    data = point_form(editor, offer)
    data["choices-TOTAL_FORMS"] = ["4"]
    data.update(
        {
            "choices-3-position": ["4"],
            "choices-3-text": ["Ask for time"],
            "choices-3-ending": [str(Ending.objects.get(slug="walkout").pk)],
            "choices-3-debrief_note": ["Time *helps*."],
            **{f"choices-3-{m}": ["0"] for m in ("access", "trust", "civilians")},
            **{f"choices-3-{m}": ["0"] for m in ("staff_safety", "local_staff_safety")},
            **{f"choices-3-{m}": ["0"] for m in ("agreement", "inclusion")},
            **{
                f"choices-3-{m}": ["0"]
                for m in ("humanity", "neutrality", "impartiality", "independence")
            },
        }
    )
    response = editor.post(point_url(offer), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-3000:]
    added = ScenarioChoice.objects.get(text="Ask for time")
    assert (added.scenario, added.point) == (scenario, offer)
    assert added.debrief_note_html == "<p>Time <em>helps</em>.</p>"


def test_a_published_scenario_with_a_choice_that_leads_nowhere_is_refused(editor, scenario):
    opening = DecisionPoint.objects.get(slug="opening")
    data = point_form(editor, opening)
    leave = ScenarioChoice.objects.get(text="Leave the room")
    data[f"{choice_prefix(data, leave)}-ending"] = [""]
    response = editor.post(point_url(opening), data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "A published scenario must have a complete map, so nothing was saved." in html
    assert (
        "The choice “Leave the room” at “Opening talks” leads nowhere. Choose the decision "
        "point it leads to, or the ending it brings." in html
    )
    leave.refresh_from_db()
    assert leave.ending.slug == "walkout"


def test_a_new_decision_point_no_path_reaches_is_refused_on_a_published_scenario(editor, scenario):
    add = reverse("admin:scenarios_decisionpoint_add")
    html = editor.get(f"{add}?scenario={scenario.pk}").content.decode()
    data = form_data(html, "decisionpoint_form")
    assert data["scenario"] == [str(scenario.pk)]
    data.update(
        {
            "position": ["4"],
            "title": ["An island"],
            "slug": ["island"],
            "counterpart": ["Nobody"],
            "stakes": ["Nothing"],
            "situation": ["Alone."],
        }
    )
    html = editor.post(f"{add}?scenario={scenario.pk}", data).content.decode()
    assert (
        "No path from the start (“Opening talks”) reaches the decision point “An island”." in html
    )
    assert not DecisionPoint.objects.filter(slug="island").exists()


def test_a_new_decision_point_may_be_added_to_a_draft(editor, scenario):
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.DRAFT)
    add = reverse("admin:scenarios_decisionpoint_add")
    data = form_data(
        editor.get(f"{add}?scenario={scenario.pk}").content.decode(), "decisionpoint_form"
    )
    data.update(
        {
            "position": ["4"],
            "title": ["An island"],
            "slug": ["island"],
            "counterpart": ["Nobody"],
            "stakes": ["Nothing"],
            "situation": ["Alone."],
        }
    )
    response = editor.post(f"{add}?scenario={scenario.pk}", data, follow=True)
    assert "Saved as a draft. Before it can be published:" in response.content.decode()
    assert DecisionPoint.objects.get(slug="island").scenario == scenario


def test_a_loop_with_no_way_out_is_refused(editor, scenario):
    """Without "Start over", point the offer's two exits back at "Under pressure"."""
    ScenarioChoice.objects.filter(text="Start over").delete()
    offer = DecisionPoint.objects.get(slug="offer")
    pressure = DecisionPoint.objects.get(slug="pressure")
    data = point_form(editor, offer)
    for text in ("Accept the trade", "Insist on the law"):
        prefix = choice_prefix(data, ScenarioChoice.objects.get(text=text))
        data[f"{prefix}-ending"] = [""]
        data[f"{prefix}-leads_to"] = [str(pressure.pk)]
    html = editor.post(point_url(offer), data).content.decode()
    assert "A loop with no way out: every choice at “Under pressure” and “The offer”" in html
    assert ScenarioChoice.objects.get(text="Accept the trade").ending is not None


def test_deleting_an_ending_a_choice_leads_to_is_refused(editor, scenario):
    data = form_data(editor.get(change_url(scenario)).content.decode())
    walkout = Ending.objects.get(slug="walkout")
    (prefix,) = [k[:-3] for k, v in data.items() if k.endswith("-id") and v == [str(walkout.pk)]]
    data[f"{prefix}-DELETE"] = ["on"]
    response = editor.post(change_url(scenario), data)
    assert response.status_code == HTTPStatus.OK
    assert Ending.objects.filter(pk=walkout.pk).exists()


def test_a_draft_may_be_saved_half_built_with_a_warning(editor, scenario):
    scenario.status = Status.DRAFT
    scenario.save()
    opening = DecisionPoint.objects.get(slug="opening")
    data = point_form(editor, opening)
    leave = ScenarioChoice.objects.get(text="Leave the room")
    data[f"{choice_prefix(data, leave)}-ending"] = [""]
    response = editor.post(point_url(opening), data, follow=True)
    html = response.content.decode()
    assert "Saved as a draft. Before it can be published:" in html
    assert "leads nowhere" in html
    leave.refresh_from_db()
    assert leave.ending is None


def test_a_half_built_draft_cannot_be_published(editor, scenario):
    ScenarioChoice.objects.filter(text="Leave the room").update(ending=None)
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.DRAFT)
    html = editor.get(change_url(scenario)).content.decode()
    assert "Not ready to publish:" in html
    data = form_data(html)
    data["status"] = [Status.PUBLISHED]
    html = editor.post(change_url(scenario), data).content.decode()
    assert "leads nowhere" in html
    scenario.refresh_from_db()
    assert scenario.status == Status.DRAFT


def test_a_complete_draft_can_be_published(editor, scenario):
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.DRAFT)
    data = form_data(editor.get(change_url(scenario)).content.decode())
    data["status"] = [Status.PUBLISHED]
    assert editor.post(change_url(scenario), data).status_code == HTTPStatus.FOUND
    scenario.refresh_from_db()
    assert scenario.status == Status.PUBLISHED


def test_a_choice_can_pick_only_points_of_its_own_scenario(editor, scenario, source):
    other = build_scenario(slug="elsewhere", sources=[source])
    html = editor.get(point_url(DecisionPoint.objects.get(scenario=scenario, slug="opening")))
    for point in other.decision_points.all():
        assert f'<option value="{point.pk}"' not in html.content.decode()


def test_the_decision_point_admin_is_not_in_the_index_but_opens(editor, scenario):
    html = editor.get(reverse("admin:index")).content.decode()
    assert reverse("admin:scenarios_scenario_changelist") in html
    assert reverse("admin:scenarios_decisionpoint_changelist") not in html
    point = scenario.decision_points.first()
    assert editor.get(point_url(point)).status_code == HTTPStatus.OK


def test_the_add_form_opens_and_explains_the_map_comes_later(editor):
    html = editor.get(reverse("admin:scenarios_scenario_add")).content.decode()
    assert "Save the scenario to start building its map." in html


def test_runs_are_read_only_in_the_admin(editor, scenario, superuser):
    from scenarios.services import start_run

    run = start_run(user=superuser, scenario=scenario)
    url = reverse("admin:scenarios_scenariorun_change", args=[run.pk])
    assert editor.get(url).status_code == HTTPStatus.OK
    assert editor.get(reverse("admin:scenarios_scenariorun_add")).status_code == (
        HTTPStatus.FORBIDDEN
    )


def test_deleting_the_first_decision_point_of_a_published_scenario_is_refused(editor, scenario):
    opening = DecisionPoint.objects.get(slug="opening")
    url = reverse("admin:scenarios_decisionpoint_delete", args=[opening.pk])
    response = editor.post(url, {"post": "yes"}, follow=True)
    assert "the decision point was not deleted" in response.content.decode()
    assert DecisionPoint.objects.filter(pk=opening.pk).exists()


def test_a_decision_point_of_a_draft_may_be_deleted(editor, scenario):
    Scenario.objects.filter(pk=scenario.pk).update(status=Status.DRAFT)
    ScenarioChoice.objects.filter(leads_to__slug="offer").delete()
    offer = DecisionPoint.objects.get(slug="offer")
    url = reverse("admin:scenarios_decisionpoint_delete", args=[offer.pk])
    editor.post(url, {"post": "yes"})
    assert not DecisionPoint.objects.filter(pk=offer.pk).exists()
