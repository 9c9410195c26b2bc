"""A scenario as a graph of decision points and endings, and the check that it can be played.

Each choice is an edge from a decision point to another decision point or to an ending. Runs
start at the first decision point (the lowest position). The check works on a plain
``ScenarioGraph`` so that the admin can check what an editor is about to save before anything
is written, and the same check runs on what the database holds.
"""

from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from articles.models import Article
from glossary.models import Term
from scenarios.models import DecisionPoint, Ending, ScenarioChoice


@dataclass(frozen=True)
class GraphChoice:
    key: Hashable
    text: str
    point: Hashable
    leads_to: Hashable | None = None
    ending: Hashable | None = None


@dataclass
class ScenarioGraph:
    """Decision points and endings by key (with their titles) and the choices between them.

    ``points`` is in position order, so the first is the start. Point and ending keys must
    not collide; ``point_key`` and ``ending_key`` make sure of it.
    """

    points: dict[Hashable, str]
    endings: dict[Hashable, str]
    choices: list[GraphChoice]

    @property
    def start(self):
        return next(iter(self.points), None)

    def destination(self, choice):
        """The node a choice leads to, or None when it leads nowhere in this scenario."""
        if choice.leads_to is not None:
            return choice.leads_to if choice.leads_to in self.points else None
        if choice.ending is not None and choice.ending in self.endings:
            return choice.ending
        return None

    def successors(self):
        following = {key: [] for key in self.points}
        for choice in self.choices:
            target = self.destination(choice)
            if choice.point in following and target is not None:
                following[choice.point].append(target)
        return following

    def distances(self):
        """Each node reachable from the start, with its distance from it, in visiting order."""
        if self.start is None:
            return {}
        following = self.successors()
        distance = {self.start: 0}
        queue = deque([self.start])
        while queue:
            node = queue.popleft()
            for target in following.get(node, []):
                if target not in distance:
                    distance[target] = distance[node] + 1
                    queue.append(target)
        return distance


def point_key(pk):
    return ("point", pk)


def ending_key(pk):
    return ("ending", pk)


def _quoted(title):
    return f"“{title}”"


def _reaching(targets, following):
    """The nodes from which some node in ``targets`` can be reached (targets included)."""
    preceding = {}
    for node, nexts in following.items():
        for target in nexts:
            preceding.setdefault(target, set()).add(node)
    found = set(targets)
    queue = deque(targets)
    while queue:
        for node in preceding.get(queue.popleft(), ()):
            if node not in found:
                found.add(node)
                queue.append(node)
    return found


def _loops(nodes, following):
    """The cycles among ``nodes``: groups that lead to one another, in the order of ``nodes``."""
    inside = {node: [t for t in following.get(node, []) if t in nodes] for node in nodes}
    loops, seen = [], set()
    for node in nodes:
        if node in seen:
            continue
        ahead = _reachable_from(node, inside)
        group = [
            other for other in nodes if other in ahead and node in _reachable_from(other, inside)
        ]
        if node in inside[node] or len(group) > 1:
            loops.append(group)
            seen.update(group)
    return loops


def _reachable_from(node, following):
    found, queue = set(), deque(following.get(node, []))
    while queue:
        current = queue.popleft()
        if current not in found:
            found.add(current)
            queue.extend(following.get(current, []))
    return found


def check_graph(graph):
    """Everything that would stop a run from working, each in plain words (empty when sound)."""
    problems = []
    if not graph.points:
        problems.append(
            _(
                "The scenario has no decision points yet. Add one: the first (lowest position) "
                "is where every run starts."
            )
        )
    if not graph.endings:
        problems.append(
            _("The scenario has no ending, so no run could ever finish. Add at least one ending.")
        )
    offered = set()
    for choice in graph.choices:
        point = graph.points.get(choice.point)
        names = {"choice": _quoted(choice.text), "point": _quoted(point)}
        if point is None:
            problems.append(
                _("The choice %(choice)s belongs to a decision point of another scenario.") % names
            )
            continue
        offered.add(choice.point)
        if choice.leads_to is not None and choice.ending is not None:
            problems.append(
                _(
                    "The choice %(choice)s at %(point)s leads both to a decision point and to "
                    "an ending. Keep only one of the two."
                )
                % names
            )
        elif choice.leads_to is None and choice.ending is None:
            problems.append(
                _(
                    "The choice %(choice)s at %(point)s leads nowhere. Choose the decision "
                    "point it leads to, or the ending it brings."
                )
                % names
            )
        elif graph.destination(choice) is None:
            problems.append(
                _(
                    "The choice %(choice)s at %(point)s leads to a decision point or an ending "
                    "of another scenario."
                )
                % names
            )
    for key, title in graph.points.items():
        if key not in offered:
            problems.append(
                _(
                    "The decision point %(point)s offers no choices, so a run that reaches it "
                    "would be stuck there. Add a choice to it, or let the choices that lead "
                    "there end the scenario instead."
                )
                % {"point": _quoted(title)}
            )
    distances = graph.distances()
    start = graph.points.get(graph.start)
    for key, title in graph.points.items():
        if key not in distances:
            problems.append(
                _(
                    "No path from the start (%(start)s) reaches the decision point %(point)s. "
                    "Make a choice lead to it, or delete it."
                )
                % {"start": _quoted(start), "point": _quoted(title)}
            )
    if start is not None:
        for key, title in graph.endings.items():
            if key not in distances:
                problems.append(
                    _(
                        "No path from the start (%(start)s) reaches the ending %(ending)s. Make "
                        "a choice end the scenario with it, or delete it."
                    )
                    % {"start": _quoted(start), "ending": _quoted(title)}
                )
    if not graph.endings:
        return problems  # every loop is closed when nothing can end; adding an ending comes first
    following = graph.successors()
    can_end = _reaching(list(graph.endings), following)
    trapped = [key for key in graph.points if key in distances and key not in can_end]
    for loop in _loops(trapped, following):
        problems.append(
            _(
                "A loop with no way out: every choice at %(points)s leads back into the loop, so "
                "a run that gets there can never reach an ending. Give one of them a choice that "
                "leads out of the loop."
            )
            % {"points": get_text_list([_quoted(graph.points[key]) for key in loop], _("and"))}
        )
    return problems


# Loading a scenario


@dataclass
class LoadedScenario:
    """A scenario's decision points, endings and choices, read in a fixed number of queries."""

    scenario: object
    points: dict[int, DecisionPoint]
    endings: dict[int, Ending]
    choices: dict[int, ScenarioChoice]
    graph: ScenarioGraph = field(init=False)
    offered: dict[int, list[ScenarioChoice]] = field(init=False)

    def __post_init__(self):
        self.graph = ScenarioGraph(
            points={point_key(pk): point.title for pk, point in self.points.items()},
            endings={ending_key(pk): ending.title for pk, ending in self.endings.items()},
            choices=[
                GraphChoice(
                    key=choice.pk,
                    text=choice.text,
                    point=point_key(choice.point_id),
                    leads_to=None if choice.leads_to_id is None else point_key(choice.leads_to_id),
                    ending=None if choice.ending_id is None else ending_key(choice.ending_id),
                )
                for choice in self.choices.values()
            ],
        )

        self.offered = {}
        for choice in self.choices.values():
            self.offered.setdefault(choice.point_id, []).append(choice)

    def choices_at(self, point_id):
        return self.offered.get(point_id, [])


def load_scenario(scenario, *, with_links=False):
    """Three queries; two more with ``with_links`` (published articles and terms per choice)."""
    choices = ScenarioChoice.objects.filter(scenario=scenario).order_by(
        "point__position", "position"
    )
    if with_links:
        choices = choices.prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.published().only("slug", "title", "kind", "position"),
            ),
            Prefetch("terms", queryset=Term.objects.only("slug", "term")),
        )
    return LoadedScenario(
        scenario=scenario,
        points={p.pk: p for p in DecisionPoint.objects.filter(scenario=scenario)},
        endings={e.pk: e for e in Ending.objects.filter(scenario=scenario)},
        choices={c.pk: c for c in choices},
    )


def check_scenario(scenario):
    """The problems of the scenario's graph as saved in the database."""
    return check_graph(load_scenario(scenario).graph)
