"""The scenarios app's models: the scenarios themselves, and trainees' runs through them."""

from scenarios.models.records import RunStep, ScenarioRun, ScenarioRunQuerySet
from scenarios.models.scenario import (
    EFFECT_LIMIT,
    MEASURE_SCALE,
    PRINCIPLE_MEASURES,
    DecisionPoint,
    Ending,
    Measure,
    Scenario,
    ScenarioChoice,
    ScenarioManager,
    ScenarioQuerySet,
)

__all__ = [
    "Measure",
    "PRINCIPLE_MEASURES",
    "EFFECT_LIMIT",
    "MEASURE_SCALE",
    "ScenarioQuerySet",
    "ScenarioManager",
    "Scenario",
    "DecisionPoint",
    "Ending",
    "ScenarioChoice",
    "ScenarioRunQuerySet",
    "ScenarioRun",
    "RunStep",
]
