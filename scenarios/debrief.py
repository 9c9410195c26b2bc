"""What the run and debrief pages show: the measures, what changed, and the debrief of a
finished run."""

from dataclasses import dataclass, field

from django.db.models import Subquery
from django.utils import translation
from django.utils.safestring import SafeString

from courses.models import Lesson, Objective
from scenarios.drawing import map_key, scenario_map
from scenarios.graph import load_scenario
from scenarios.models import (
    PRINCIPLE_MEASURES,
    DecisionPoint,
    Measure,
    ScenarioChoice,
    ScenarioRun,
)


@dataclass(frozen=True)
class MeasureValue:
    measure: str
    label: str
    value: int

    @property
    def is_principle(self):
        return self.measure in PRINCIPLE_MEASURES

    @property
    def signed(self):
        return f"{self.value:+d}" if self.value else "0"


def measure_values(values, measures=Measure):
    """The ``measures`` (all of them by default), in order, with their values from ``values``
    (missing ones are 0). Pages pass a scenario's own measures so that a mediation shows no
    principle bars and a field negotiation no mediator's ones."""
    return [MeasureValue(m.value, m.label, values.get(m.value, 0)) for m in measures]


def changed_values(changes):
    """Only the measures that ``changes`` moves."""
    return [value for value in measure_values(changes) if value.value]


@dataclass
class Alternative:
    """Another choice at the same decision point that kept some principle better."""

    choice: ScenarioChoice
    kept_better: list[tuple[MeasureValue, MeasureValue]]  # (theirs, yours) per principle


@dataclass
class DebriefStep:
    number: int
    point: DecisionPoint
    choice: ScenarioChoice
    changes: list[MeasureValue]
    measures_after: list[MeasureValue]  # the running totals that are not zero
    alternatives: list[Alternative]


@dataclass
class Debrief:
    run: ScenarioRun
    steps: list[DebriefStep]
    measures: list[MeasureValue]
    map_svg: SafeString
    objectives: list[Objective] = field(default_factory=list)  # of the lesson it follows
    map_key: list = field(default_factory=list)  # the map in words (drawing.map_key)


def objectives_practised(scenario):
    """The objectives of the lesson the scenario follows in its course (the course's last
    lesson when it is placed after none), each with its lesson, in one query."""
    if scenario.course_id is None:
        return []
    if scenario.after_lesson_id is not None:
        lesson = scenario.after_lesson_id
    else:
        last = Lesson.objects.filter(course_id=scenario.course_id).order_by("-position")
        lesson = Subquery(last.values("pk")[:1])
    return list(
        Objective.objects.filter(lesson=lesson)
        .select_related("lesson__course")
        .order_by("position")
    )


def alternatives_to(choice, offered):
    """Choices at the same point whose effect on some principle beats the one chosen."""
    better = []
    for other in offered:
        if other.pk == choice.pk:
            continue
        kept = [
            (
                MeasureValue(m, Measure(m).label, getattr(other, m)),
                MeasureValue(m, Measure(m).label, getattr(choice, m)),
            )
            for m in PRINCIPLE_MEASURES
            if getattr(other, m) > getattr(choice, m)
        ]
        if kept:
            better.append(Alternative(choice=other, kept_better=kept))
    return better


def build_debrief(run):
    """The debrief of a finished run in a fixed number of queries, however long its path."""
    loaded = load_scenario(run.scenario, with_links=True)
    steps, totals = [], dict.fromkeys(Measure.values, 0)
    for step in run.steps.order_by("number"):
        choice = loaded.choices[step.choice_id]
        for measure, change in step.changes.items():
            totals[measure] = totals.get(measure, 0) + change
        steps.append(
            DebriefStep(
                number=step.number,
                point=loaded.points[step.point_id],
                choice=choice,
                changes=changed_values(step.changes),
                measures_after=changed_values(totals),
                alternatives=alternatives_to(choice, loaded.choices_at(step.point_id)),
            )
        )
    path = [step.choice.pk for step in steps]
    return Debrief(
        run=run,
        steps=steps,
        measures=measure_values(run.measures, run.scenario.tracked_measures),
        map_svg=scenario_map(
            loaded.graph,
            path=path,
            label=run.scenario.title,
            right_to_left=translation.get_language_bidi(),
        ),
        objectives=objectives_practised(run.scenario),
        map_key=map_key(loaded.graph, path=path),
    )
