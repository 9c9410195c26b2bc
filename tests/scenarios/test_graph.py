"""The scenario graph check and the map, on plain graphs (no database)."""

import xml.etree.ElementTree as ET

from scenarios.drawing import layers, scenario_map, wrap
from scenarios.graph import GraphChoice, ScenarioGraph, check_graph

SVG = "{http://www.w3.org/2000/svg}"


def graph(points, endings, choices):
    """``choices`` as ``(point, text, destination)``; a destination starting with "end" is an
    ending, None leads nowhere."""
    return ScenarioGraph(
        points={key: key.title() for key in points},
        endings={key: key.title() for key in endings},
        choices=[
            GraphChoice(
                key=number,
                text=text,
                point=point,
                leads_to=None if to is None or to.startswith("end") else to,
                ending=to if to and to.startswith("end") else None,
            )
            for number, (point, text, to) in enumerate(choices, 1)
        ],
    )


def sound():
    return graph(
        ["start", "middle", "late"],
        ["end-deal", "end-walkout"],
        [
            ("start", "talk", "middle"),
            ("start", "leave", "end-walkout"),
            ("middle", "push", "late"),
            ("middle", "back", "start"),
            ("late", "sign", "end-deal"),
            ("late", "again", "middle"),
        ],
    )


def test_a_sound_graph_has_no_problems():
    assert check_graph(sound()) == []


def test_a_decision_point_no_path_reaches_is_named():
    broken = sound()
    broken.points["island"] = "Island"
    broken.choices.append(GraphChoice(key="x", text="swim", point="island", ending="end-deal"))
    assert check_graph(broken) == [
        "No path from the start (“Start”) reaches the decision point “Island”. "
        "Make a choice lead to it, or delete it."
    ]


def test_a_choice_that_leads_nowhere_is_named():
    broken = sound()
    broken.choices.append(GraphChoice(key="x", text="shrug", point="late"))
    assert check_graph(broken) == [
        "The choice “shrug” at “Late” leads nowhere. Choose the decision point it leads to, "
        "or the ending it brings."
    ]


def test_a_choice_that_leads_to_a_point_and_an_ending_is_named():
    broken = sound()
    broken.choices.append(
        GraphChoice(key="x", text="both", point="late", leads_to="start", ending="end-deal")
    )
    assert check_graph(broken) == [
        "The choice “both” at “Late” leads both to a decision point and to an ending. "
        "Keep only one of the two."
    ]


def test_a_scenario_with_no_ending_is_refused():
    broken = graph(
        ["start", "middle"], [], [("start", "go", "middle"), ("middle", "back", "start")]
    )
    problems = check_graph(broken)
    assert problems[0] == (
        "The scenario has no ending, so no run could ever finish. Add at least one ending."
    )


def test_a_loop_with_no_way_out_is_named_with_its_points():
    broken = graph(
        ["start", "left", "right"],
        ["end-done"],
        [
            ("start", "done", "end-done"),
            ("start", "wander", "left"),
            ("left", "on", "right"),
            ("right", "back", "left"),
        ],
    )
    assert check_graph(broken) == [
        "A loop with no way out: every choice at “Left” and “Right” leads back into the loop, "
        "so a run that gets there can never reach an ending. Give one of them a choice that "
        "leads out of the loop."
    ]


def test_a_point_that_only_leads_back_to_itself_is_a_loop_with_no_way_out():
    broken = graph(
        ["start", "stuck"],
        ["end-done"],
        [("start", "done", "end-done"), ("start", "in", "stuck"), ("stuck", "again", "stuck")],
    )
    assert len(check_graph(broken)) == 1
    assert "“Stuck” leads back into the loop" in check_graph(broken)[0]


def test_a_loop_with_a_way_out_is_fine():
    assert check_graph(sound()) == []  # middle and late loop, and late can end


def test_a_decision_point_without_choices_is_a_dead_end():
    broken = graph(
        ["start", "dead"], ["end-done"], [("start", "a", "dead"), ("start", "b", "end-done")]
    )
    assert check_graph(broken) == [
        "The decision point “Dead” offers no choices, so a run that reaches it would be stuck "
        "there. Add a choice to it, or let the choices that lead there end the scenario instead."
    ]


def test_an_ending_no_path_reaches_is_named():
    broken = sound()
    broken.endings["end-lost"] = "End-Lost"
    assert check_graph(broken) == [
        "No path from the start (“Start”) reaches the ending “End-Lost”. Make a choice end the "
        "scenario with it, or delete it."
    ]


def test_an_empty_scenario_says_what_to_add_first():
    problems = check_graph(graph([], [], []))
    assert problems == [
        "The scenario has no decision points yet. Add one: the first (lowest position) is where "
        "every run starts.",
        "The scenario has no ending, so no run could ever finish. Add at least one ending.",
    ]


def test_a_choice_leading_into_another_scenario_is_named():
    broken = sound()
    broken.choices.append(GraphChoice(key="x", text="away", point="late", leads_to="elsewhere"))
    assert check_graph(broken) == [
        "The choice “away” at “Late” leads to a decision point or an ending of another scenario."
    ]


# The map


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - markup the test itself just made


def test_layers_follow_the_distance_from_the_start_and_unreached_nodes_come_last():
    broken = sound()
    broken.points["island"] = "Island"
    assert layers(broken) == [
        ["start"],
        ["middle", "end-walkout"],
        ["late"],
        ["end-deal"],
        ["island"],
    ]


def test_map_has_a_box_per_node_and_an_arrow_per_connection():
    root = parse(scenario_map(sound(), label="Talks"))
    assert len(root.findall(f".//{SVG}g[@class='map-nodes']/{SVG}g")) == 5
    assert len(root.findall(f".//{SVG}g[@class='map-edges']/{SVG}path")) == 6
    assert root.find(f"{SVG}title").text == "Map of the scenario Talks"


def test_map_draws_the_path_taken():
    root = parse(scenario_map(sound(), path=[1, 3, 5]))
    taken = root.findall(f".//{SVG}path[@class='map-edge taken']")
    assert sorted(edge.find(f"{SVG}title").text for edge in taken) == ["push", "sign", "talk"]
    visited = root.findall(f".//{SVG}g[@class='map-node map-point visited']")
    assert len(visited) == 3
    assert root.find(f".//{SVG}g[@class='map-node map-ending reached']") is not None


def test_map_escapes_every_title_and_uses_no_style_attribute():
    hostile = graph(
        ['<script>alert("x")</script>'],
        ["end-&amp;"],
        [('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "end-&amp;")],
    )
    svg = str(scenario_map(hostile, label='</title><script>alert("t")</script>'))
    assert "<script>" not in svg
    assert "<img" not in svg
    assert "&lt;script&gt;" in svg
    assert "style=" not in svg
    root = parse(svg)  # still well-formed
    assert (
        root.find(f"{SVG}title").text == 'Map of the scenario </title><script>alert("t")</script>'
    )


def test_long_labels_are_wrapped_into_three_lines_at_most():
    lines = wrap("A very long title that goes on and on about the negotiation and its many steps")
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(len(line) <= 30 for line in lines)
