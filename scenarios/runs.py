"""Taking a scenario: runs that apply each decision once, and the debrief of a finished run."""

import enum
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString

from courses import services
from courses.models import Enrollment, Lesson, Objective
from scenarios.drawing import map_key, scenario_map
from scenarios.graph import load_scenario
from scenarios.models import (
    PRINCIPLE_MEASURES,
    DecisionPoint,
    Measure,
    RunStep,
    ScenarioChoice,
    ScenarioRun,
)


class Decision(enum.Enum):
    TAKEN = "taken"
    ALREADY_TAKEN = "already_taken"  # a replayed form or a page from the back button
    NOT_OFFERED = "not_offered"  # not a choice of the decision point the run is at


class ScenarioNotReady(Exception):
    """The scenario has no decision point to start from."""


@transaction.atomic
def start_run(*, user, scenario):
    start = DecisionPoint.objects.filter(scenario=scenario).order_by("position").first()
    if start is None:
        raise ScenarioNotReady(scenario.slug)
    return ScenarioRun.objects.create(
        user=user,
        scenario=scenario,
        current_point=start,
        measures=dict.fromkeys(Measure.values, 0),
    )


@transaction.atomic
def take_choice(*, run, step_number, choice_id):
    """Apply the choice as step ``step_number`` of the run, once.

    The run's row (only that row, not its scenario's) is locked for the transaction, and the
    step number must be the next one: a form answering a step already taken is ignored. The
    unique (run, number) constraint stops a concurrent duplicate where the database cannot
    lock rows (SQLite).
    Returns ``(run, decision)`` with the run as it now stands.
    """
    locked = ScenarioRun.objects.select_for_update(of=("self",)).select_related("scenario")
    run = locked.get(pk=run.pk)
    if run.is_finished or step_number != run.step_count + 1:
        return run, Decision.ALREADY_TAKEN
    choice = (
        ScenarioChoice.objects.filter(pk=choice_id, point_id=run.current_point_id)
        .filter(Q(leads_to__isnull=False) | Q(ending__isnull=False))
        .first()
    )
    if choice is None:
        return run, Decision.NOT_OFFERED
    changes = choice.effects
    try:
        with transaction.atomic():
            RunStep.objects.create(
                run=run,
                number=step_number,
                point_id=run.current_point_id,
                choice=choice,
                changes=changes,
            )
    except IntegrityError:
        return run, Decision.ALREADY_TAKEN
    run.measures = {m: run.measures.get(m, 0) + changes.get(m, 0) for m in Measure.values}
    run.step_count = step_number
    if choice.ending_id is not None:
        run.current_point = None
        run.ending_id = choice.ending_id
        run.finished_at = timezone.now()
    else:
        run.current_point_id = choice.leads_to_id
    run.save(update_fields=["measures", "step_count", "current_point", "ending", "finished_at"])
    if run.is_finished:
        _count_towards_course(run)
    return run, Decision.TAKEN


def _count_towards_course(run):
    scenario = run.scenario
    if scenario.course_id is None or not scenario.counts_towards_completion:
        return
    enrollment = (
        Enrollment.objects.filter(user=run.user_id, course=scenario.course_id)
        .select_related("course", "user")
        .first()
    )
    if enrollment is not None:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())
        services.complete_course_if_done(enrollment=enrollment)


# What the pages show


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
        map_svg=scenario_map(loaded.graph, path=path, label=run.scenario.title),
        objectives=objectives_practised(run.scenario),
        map_key=map_key(loaded.graph, path=path),
    )
