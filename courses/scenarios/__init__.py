"""Negotiation scenarios: the graph and its check, runs and debriefs, and the map."""

from courses.scenarios.drawing import scenario_map
from courses.scenarios.graph import (
    GraphChoice,
    LoadedScenario,
    ScenarioGraph,
    check_graph,
    check_scenario,
    ending_key,
    load_scenario,
    point_key,
)
from courses.scenarios.runs import (
    Debrief,
    Decision,
    ScenarioNotReady,
    build_debrief,
    changed_values,
    measure_values,
    start_run,
    take_choice,
)

__all__ = [
    "Debrief",
    "Decision",
    "GraphChoice",
    "LoadedScenario",
    "ScenarioGraph",
    "ScenarioNotReady",
    "build_debrief",
    "changed_values",
    "check_graph",
    "check_scenario",
    "ending_key",
    "load_scenario",
    "measure_values",
    "point_key",
    "scenario_map",
    "start_run",
    "take_choice",
]
