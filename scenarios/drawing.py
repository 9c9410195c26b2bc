"""The map of a scenario: an SVG diagram drawn on the server, with a run's path on it.

Nodes sit in rows by their distance from the start (a simple layered layout); nodes that no
path reaches get a last row of their own, drawn dashed, so that editors see them.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from itertools import chain

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

NODE_WIDTH, NODE_HEIGHT = 176, 58
GAP_X, GAP_Y = 28, 50
MARGIN, TOP, LOOP_ROOM = 16, 34, 30
LINE_CHARACTERS, MAX_LINES = 24, 3
COLOURS = {
    "edge": "#8a94a3",
    "taken": "#0b5394",
    "point": "#f3f5f8",
    "point-line": "#5a6472",
    "visited": "#dbe8f5",
    "ending": "#fff4d6",
    "ending-line": "#9a7400",
    "reached": "#e3f1e6",
    "reached-line": "#1e6b34",
    "text": "#1c2430",
}


def wrap(text, width=LINE_CHARACTERS, lines=MAX_LINES):
    """Break a label into at most ``lines`` lines of about ``width`` characters."""
    rows, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            rows.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        rows.append(current)
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][: width - 1].rstrip() + "…"
    return [row if len(row) <= width + 6 else row[: width + 5] + "…" for row in rows]


def layers(graph):
    """Nodes in rows by their distance from the start; nodes no path reaches in a last row."""
    distances = graph.distances()
    rows = {}
    for node, distance in distances.items():
        rows.setdefault(distance, []).append(node)
    ordered = [rows[d] for d in sorted(rows)]
    unreached = [n for n in [*graph.points, *graph.endings] if n not in distances]
    if unreached:
        ordered.append(unreached)
    return ordered


def numbered(graph):
    """Each node's number on the map: in rows from the start, each row in reading order."""
    return {node: n for n, node in enumerate(chain.from_iterable(layers(graph)), 1)}


@dataclass
class KeyChoice:
    text: str
    leads_to: str  # the title of the point or ending it leads to, or "" when none
    number: int | None  # that node's number on the map
    taken: bool = False


@dataclass
class KeyEntry:
    number: int
    title: str
    is_ending: bool
    is_start: bool
    visited: bool
    choices: list[KeyChoice] = field(default_factory=list)


def map_key(graph, *, path=()):
    """Everything the map says, in words: each box numbered as on the map, with its full title
    and the choices that leave it (where they lead, whether the run took them), so that no
    one has to hover over the drawing to read it."""
    numbers = numbered(graph)
    taken = set(path)
    by_key = {choice.key: choice for choice in graph.choices}
    visited = {graph.start} if path else set()
    for key in path:
        if key in by_key and graph.destination(by_key[key]) is not None:
            visited.add(graph.destination(by_key[key]))
    entries = {}
    for node, number in numbers.items():
        is_ending = node in graph.endings
        entries[node] = KeyEntry(
            number=number,
            title=graph.endings[node] if is_ending else graph.points[node],
            is_ending=is_ending,
            is_start=node == graph.start,
            visited=node in visited,
        )
    for choice in graph.choices:
        if choice.point not in entries:
            continue
        target = graph.destination(choice)
        entries[choice.point].choices.append(
            KeyChoice(
                text=choice.text,
                leads_to=entries[target].title if target in entries else "",
                number=numbers.get(target),
                taken=choice.key in taken,
            )
        )
    return sorted(entries.values(), key=lambda entry: entry.number)


def _sub(parent, tag, text=None, **attributes):
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _edge_path(source, target, source_place, target_place):
    """The SVG path of an arrow between two boxes, and whether it leads back up the map.

    Arrows to the next row run from the bottom of one box to the top of the other (a layered
    layout has no arrows that skip rows downwards). Arrows within a row join facing sides, or
    dip below the row when boxes stand between. Arrows back up leave from the top of a box and
    arrive under the other, off-centre so that they do not hide the arrows going down.
    """
    (x1, y1), (x2, y2) = source, target
    (row1, column1), (row2, column2) = source_place, target_place
    if row2 > row1:
        start = (x1 + NODE_WIDTH / 2, y1 + NODE_HEIGHT)
        end = (x2 + NODE_WIDTH / 2, y2)
        middle = (start[1] + end[1]) / 2
        return (
            f"M{start[0]},{start[1]} C{start[0]},{middle} {end[0]},{middle} {end[0]},{end[1]}",
            False,
        )
    if source == target:  # a decision point with a choice back to itself: a small loop
        x, y = x1 + NODE_WIDTH, y1
        return (
            f"M{x},{y + NODE_HEIGHT * 0.3} C{x + LOOP_ROOM},{y - 6} "
            f"{x + LOOP_ROOM},{y + NODE_HEIGHT + 6} {x},{y + NODE_HEIGHT * 0.7}"
        ), True
    if row2 == row1 and abs(column2 - column1) == 1:
        rightwards = column2 > column1
        y = y1 + NODE_HEIGHT / 2 + (-8 if rightwards else 8)
        start_x = x1 + NODE_WIDTH if rightwards else x1
        end_x = x2 if rightwards else x2 + NODE_WIDTH
        return f"M{start_x},{y} L{end_x},{y}", False
    if row2 == row1:
        shift = 12 if column2 > column1 else -12
        start = (x1 + NODE_WIDTH / 2 + shift, y1 + NODE_HEIGHT)
        end = (x2 + NODE_WIDTH / 2 - shift, y2 + NODE_HEIGHT)
        dip = y1 + NODE_HEIGHT + GAP_Y * 0.6
        return f"M{start[0]},{start[1]} C{start[0]},{dip} {end[0]},{dip} {end[0]},{end[1]}", False
    start = (x1 + NODE_WIDTH * 0.8, y1)
    end = (x2 + NODE_WIDTH * 0.8, y2 + NODE_HEIGHT)
    up, down = y1 - GAP_Y * 0.9, y2 + NODE_HEIGHT + GAP_Y * 0.9
    return f"M{start[0]},{start[1]} C{start[0]},{up} {end[0]},{down} {end[0]},{end[1]}", True


def scenario_map(
    graph, *, path=(), label="", id_prefix="scenario-map", max_width=None, right_to_left=False
):
    """The scenario as an SVG diagram, the choices in ``path`` (choice keys) drawn as taken.

    Built with ElementTree, which escapes every title and label it is given, so the markup it
    returns is safe to insert into a page as it is. ``max_width`` scales a wide drawing down
    to that many pixels, for the admin, which has no stylesheet for it; the portal's own
    stylesheet lets the drawing shrink to fit instead.

    ``right_to_left`` mirrors the drawing for a right-to-left language: each row reads from the
    right, a box's number sits on its top right corner, a loop turns on the left; the labels
    themselves are not mirrored, only set right to left.
    """
    rows = layers(graph)
    taken = set(path)
    by_key = {choice.key: choice for choice in graph.choices}
    visited = {graph.start} if path else set()
    for key in path:
        if key in by_key and graph.destination(by_key[key]) is not None:
            visited.add(graph.destination(by_key[key]))
    widest = max((len(row) for row in rows), default=1)
    width = 2 * MARGIN + widest * NODE_WIDTH + (widest - 1) * GAP_X + LOOP_ROOM
    # room below the last row for arrows that dip under it
    height = TOP + MARGIN + GAP_Y // 2 + len(rows) * NODE_HEIGHT + max(len(rows) - 1, 0) * GAP_Y
    reachable = graph.distances()
    numbers = numbered(graph)
    boxes = {}
    for index, row in enumerate(rows):
        row_width = len(row) * NODE_WIDTH + (len(row) - 1) * GAP_X
        left = MARGIN + ((width - LOOP_ROOM - 2 * MARGIN) - row_width) / 2
        for column, node in enumerate(row):
            boxes[node] = (
                left + column * (NODE_WIDTH + GAP_X),
                TOP + index * (NODE_HEIGHT + GAP_Y),
            )

    def placed(x):
        """Where a box that would stand at ``x`` stands: mirrored right to left."""
        return width - x - NODE_WIDTH if right_to_left else x

    shown_width = min(width, max_width or width)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "scenario-map-svg",
            "width": str(shown_width),
            "height": str(round(height * shown_width / width)),
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "font-family": "system-ui, sans-serif",
        },
    )
    if right_to_left:
        svg.set("direction", "rtl")
    _sub(
        svg, "title", _("Map of the scenario %(title)s") % {"title": label}, id=f"{id_prefix}-title"
    )
    _sub(
        svg,
        "desc",
        _(
            "Decision points and endings in rows by their distance from the start; arrows are "
            "choices. The path taken, if any, is drawn in a thicker line."
        ),
        id=f"{id_prefix}-desc",
    )
    defs = _sub(svg, "defs")
    for name, colour in (("arrow", COLOURS["edge"]), ("arrow-taken", COLOURS["taken"])):
        marker = _sub(
            defs,
            "marker",
            id=f"{id_prefix}-{name}",
            viewBox="0 0 10 10",
            refX=9,
            refY=5,
            markerWidth=10,
            markerHeight=10,
            markerUnits="userSpaceOnUse",
            orient="auto-start-reverse",
        )
        _sub(marker, "path", d="M0,0 L10,5 L0,10 z", fill=colour)

    edges = _sub(svg, "g", class_="map-edges")
    if right_to_left:  # arrows are drawn left to right, then turned over, arrowheads with them
        edges.set("transform", f"matrix(-1 0 0 1 {width} 0)")
    drawn = {}
    for choice in graph.choices:  # one arrow per pair of nodes; taken if any choice was taken
        target = graph.destination(choice)
        if choice.point in boxes and target in boxes:
            pair = drawn.setdefault((choice.point, target), [])
            pair.append(choice)
    place = {
        node: (index, column) for index, row in enumerate(rows) for column, node in enumerate(row)
    }
    for (source, target), choices in drawn.items():
        is_taken = any(choice.key in taken for choice in choices)
        d, goes_back = _edge_path(boxes[source], boxes[target], place[source], place[target])
        edge = _sub(
            edges,
            "path",
            class_="map-edge taken" if is_taken else "map-edge",
            d=d,
            fill="none",
            stroke=COLOURS["taken" if is_taken else "edge"],
            stroke_width=3 if is_taken else 1.5,
            marker_end=f"url(#{id_prefix}-{'arrow-taken' if is_taken else 'arrow'})",
        )
        if goes_back and not is_taken:
            edge.set("stroke-dasharray", "5 4")
        _sub(edge, "title", " / ".join(choice.text for choice in choices))

    nodes = _sub(svg, "g", class_="map-nodes")
    for node, (left, y) in boxes.items():
        x = placed(left)
        is_ending = node in graph.endings
        title = graph.endings[node] if is_ending else graph.points[node]
        classes = ["map-node", "map-ending" if is_ending else "map-point"]
        if node in visited:
            classes.append("reached" if is_ending else "visited")
        if node not in reachable:
            classes.append("unreached")
        if is_ending:
            fill, line = (
                (COLOURS["reached"], COLOURS["reached-line"])
                if node in visited
                else (COLOURS["ending"], COLOURS["ending-line"])
            )
        else:
            fill = COLOURS["visited"] if node in visited else COLOURS["point"]
            line = COLOURS["taken"] if node in visited else COLOURS["point-line"]
        group = _sub(nodes, "g", class_=" ".join(classes))
        _sub(
            group,
            "title",
            (_("Ending: %(title)s") if is_ending else "%(title)s") % {"title": title},
        )
        rect = _sub(
            group,
            "rect",
            x=x,
            y=y,
            width=NODE_WIDTH,
            height=NODE_HEIGHT,
            rx=18 if is_ending else 4,
            fill=fill,
            stroke=line,
            stroke_width=2.5 if node in visited else 1.2,
        )
        if node not in reachable:
            rect.set("stroke-dasharray", "5 4")
        lines = wrap(title)
        first = y + NODE_HEIGHT / 2 - (len(lines) - 1) * 7.5 + 4
        text = _sub(
            group, "text", x=x + NODE_WIDTH / 2, y=first, text_anchor="middle", font_size=12
        )
        text.set("fill", COLOURS["text"])
        for number, row in enumerate(lines):
            line = _sub(text, "tspan", row, x=x + NODE_WIDTH / 2, dy=0 if number == 0 else 15)
            if number < len(lines) - 1:
                # The lines are one label: read or copied, their words must not run together.
                line.tail = " "
        # The box's number in the key under the map, on a badge astride its first corner.
        corner = x + NODE_WIDTH if right_to_left else x
        _sub(group, "circle", cx=corner, cy=y, r=9, fill="#ffffff", stroke=line, stroke_width=1)
        _sub(
            group,
            "text",
            str(numbers[node]),
            x=corner,
            y=y + 4,
            text_anchor="middle",
            font_size=11,
            font_weight="bold",
            fill=COLOURS["text"],
        )
        if node == graph.start:
            _sub(
                group,
                "text",
                _("Start"),
                x=x + NODE_WIDTH / 2,
                y=y - 8,
                text_anchor="middle",
                font_size=11,
                font_weight="bold",
                fill=COLOURS["point-line"],
            )
    # ElementTree escapes &, <, > and quotes in every text and attribute value above.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
