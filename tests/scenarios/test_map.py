"""The scenario map reads on a phone and without hovering: numbered boxes, a key in words,
labels whose lines keep their spaces, a box of its own to scroll in."""

import pytest

from scenarios.drawing import NODE_WIDTH, map_key, scenario_map
from tests.scenarios.test_graph import SVG, graph, parse, sound
from tests.scenarios.test_runs import build_scenario, play


@pytest.fixture
def scenario(db):
    return build_scenario()


def test_a_wrapped_label_keeps_a_space_between_its_lines():
    long = graph(
        ["start"],
        ["end-x"],
        [("start", "go", "end-x")],
    )
    long.points["start"] = "Meet the commander at the checkpoint before the convoy"
    root = parse(scenario_map(long))
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert "Meet the commander at the checkpoint before the convoy" in texts


def test_each_box_carries_its_number_in_the_key():
    root = parse(scenario_map(sound()))
    numbers = {text.text for text in root.iter(f"{SVG}text")}
    assert {"1", "2", "3", "4", "5"} <= numbers


def test_the_key_lists_every_box_with_the_choices_that_leave_it():
    key = map_key(sound(), path=[1, 3])
    assert [entry.title for entry in key][:1] == ["Start"]
    assert len(key) == 5
    start = key[0]
    assert start.is_start and start.visited
    assert [(c.text, c.leads_to, c.taken) for c in start.choices] == [
        ("talk", "Middle", True),
        ("leave", "End-Walkout", False),
    ]
    assert all(c.number for entry in key for c in entry.choices)


def test_the_debrief_puts_the_map_in_a_scroll_box_with_its_key(trainee_client, scenario):
    run = play(trainee_client, scenario, ["Leave the room"])
    html = trainee_client.get(run.get_absolute_url()).content.decode()
    assert 'class="map-scroll" tabindex="0" role="region"' in html
    assert "The map in words" in html
    assert "Hover" not in html
    assert '“Leave the room” <span class="dir-icon">→</span>' in html


def boxes(root):
    """Each box's title, its rectangle's left edge and its number badge's centre."""
    found = {}
    for group in root.findall(f".//{SVG}g[@class]"):
        if "map-node" not in group.get("class").split():
            continue
        rect = group.find(f"{SVG}rect")
        badge = group.find(f"{SVG}circle")
        found[group.find(f"{SVG}title").text] = (float(rect.get("x")), float(badge.get("cx")))
    return found


def test_a_right_to_left_map_is_the_left_to_right_one_mirrored():
    ltr = parse(scenario_map(sound()))
    rtl = parse(scenario_map(sound(), right_to_left=True))
    width = float(ltr.get("viewBox").split()[2])
    assert rtl.get("viewBox") == ltr.get("viewBox")
    left, right = boxes(ltr), boxes(rtl)
    assert left.keys() == right.keys()
    for title, (x, badge) in left.items():
        assert right[title][0] == pytest.approx(width - x - NODE_WIDTH)
        assert badge == pytest.approx(x)  # the badge on the box's top left corner...
        assert right[title][1] == pytest.approx(right[title][0] + NODE_WIDTH)  # ...top right
    # The second row reads from the right: its first box (Middle) stands right of the second.
    assert left["Middle"][0] < left["Ending: End-Walkout"][0]
    assert right["Middle"][0] > right["Ending: End-Walkout"][0]
    edges = rtl.find(f".//{SVG}g[@class='map-edges']")
    assert edges.get("transform") == f"matrix(-1 0 0 1 {ltr.get('viewBox').split()[2]} 0)"
    assert ltr.find(f".//{SVG}g[@class='map-edges']").get("transform") is None
    assert rtl.get("direction") == "rtl" and ltr.get("direction") is None
    # The labels are set, not mirrored: each stays centred in its box.
    for group in rtl.findall(f".//{SVG}g[@class]"):
        if "map-node" in group.get("class").split():
            rect, label = group.find(f"{SVG}rect"), group.find(f"{SVG}text")
            assert float(label.get("x")) == pytest.approx(float(rect.get("x")) + NODE_WIDTH / 2)
