"""The map checks of the scenario admin: the graph a page will leave behind once saved, the
refusal to save a published scenario whose map it breaks, and the map's problems in plain
words, linked to the places to fix them."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import PositionsFormSet, kept_forms
from core.models import Status
from scenarios.graph import (
    GraphChoice,
    ScenarioGraph,
    check_graph,
    check_scenario,
    ending_key,
    load_scenario,
    point_key,
)


def node_key(form, key):
    return key(form.instance.pk) if form.instance.pk is not None else ("new", form.prefix)


def graph_choice(key, text, at, data):
    """A choice of the graph from the cleaned data (or attributes) of a choice form."""
    leads_to, ending = data.get("leads_to"), data.get("ending")
    return GraphChoice(
        key=key,
        text=text,
        point=at,
        leads_to=point_key(leads_to.pk) if leads_to else None,
        ending=ending_key(ending.pk) if ending else None,
    )


def graph_with_endings(scenario, endings):
    """The scenario's graph once the submitted endings formset is saved."""
    graph = load_scenario(scenario).graph if scenario.pk else ScenarioGraph({}, {}, [])
    forms = sorted(kept_forms(endings), key=lambda form: form.cleaned_data["position"])
    graph.endings = {node_key(f, ending_key): f.cleaned_data["title"] for f in forms}
    return graph


def graph_with_point(point, choices):
    """The scenario's graph once the submitted decision point and its choices are saved."""
    loaded = load_scenario(point.scenario)
    key = point_key(point.pk) if point.pk is not None else ("new", "point")
    others = [(p.position, point_key(pk), p.title) for pk, p in loaded.points.items()]
    nodes = sorted([*(n for n in others if n[1] != key), (point.position, key, point.title)])
    kept = [
        graph_choice(form.prefix, form.cleaned_data["text"], key, form.cleaned_data)
        for form in kept_forms(choices)
    ]
    return ScenarioGraph(
        points={k: title for _, k, title in nodes},
        endings=loaded.graph.endings,
        choices=[c for c in loaded.graph.choices if c.point != key] + kept,
    )


def graph_without_point(point):
    """The scenario's graph once the decision point and its choices are deleted."""
    graph = load_scenario(point.scenario).graph
    key = point_key(point.pk)
    return ScenarioGraph(
        points={k: title for k, title in graph.points.items() if k != key},
        endings=graph.endings,
        choices=[choice for choice in graph.choices if choice.point != key],
    )


def refuse_if_published(scenario, problems, *, what):
    if problems and scenario.status == Status.PUBLISHED:
        raise ValidationError([what, *problems])


PUBLISHED_MAP_REFUSAL = _(
    "A published scenario must have a complete map, so nothing was saved. Fix the problems "
    "below, or set the scenario's status to draft to save your work and publish later."
)


class EndingFormSet(PositionsFormSet):
    """The scenario page's only inline: it checks the map the page will leave behind."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return  # their own errors come first
        refuse_if_published(
            self.instance,
            check_graph(graph_with_endings(self.instance, self)),
            what=PUBLISHED_MAP_REFUSAL,
        )


class ScenarioChoiceFormSet(PositionsFormSet):
    """The choices of one decision point, on its page: they complete the scenario's map."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.scenario_id = self.instance.scenario_id  # repeats point.scenario
        return form

    def clean(self):
        super().clean()
        point = self.instance
        if point.scenario_id is None or point.position is None:
            return  # the decision point's own errors come first
        if any(form.errors for form in self.forms):
            return
        refuse_if_published(
            point.scenario,
            check_graph(graph_with_point(point, self)),
            what=PUBLISHED_MAP_REFUSAL,
        )


QUOTED = re.compile(r"“([^”]*)”")


def linked_problem(problem, targets, *, extra=None):
    """The problem in plain words, each decision point or ending it names (in “quotes”)
    linking to the place to fix it; ``extra`` is a (url, text) link put after it."""
    parts, last = [], 0
    for match in QUOTED.finditer(problem):
        url = targets.get(match.group(1))
        if url is not None:
            parts.append(problem[last : match.start()])
            parts.append(format_html('“<a href="{}">{}</a>”', url, match.group(1)))
            last = match.end()
    parts.append(problem[last:])
    if extra is not None:
        parts.append(format_html(' <a href="{}">{}</a>', *extra))
    return format_html_join("", "{}", ((part,) for part in parts))


def ending_rows(endings):
    """The anchor of each ending's row in the endings inline, by graph key."""
    return {node_key(form, ending_key): f"#{form.prefix}" for form in endings.forms}


def warn_of_map_problems(model_admin, request, scenario):
    problems = check_scenario(scenario)
    if problems:
        model_admin.message_user(
            request,
            gettext("Saved as a draft. Before it can be published: %(problems)s")
            % {"problems": " ".join(problems)},
            messages.WARNING,
        )
