"""A trainee plays a negotiation scenario to an ending and sees the debrief map drawn."""

from playwright.sync_api import expect

PREFERRED = [
    "First map",
    "Ask to meet",
    "Decline politely",
    "Accept the withdrawal quietly",
    "Keep in regular touch",
]


def test_trainee_plays_a_scenario_to_an_ending_and_sees_the_map(log_in_as, make_user, content):
    page = log_in_as(make_user("negotiator"))
    page.goto("/scenarios/ten-letters-of-objection/")
    page.locator("button.scenario-start").click()
    expect(page.locator("aside.scenario-measures meter").first).to_be_visible()

    for _ in range(20):
        choices = page.locator("form.scenario-choices button.scenario-choice")
        if choices.count() == 0:
            break
        texts = choices.all_inner_texts()
        pick = next(
            (i for i, text in enumerate(texts) if text.strip().startswith(tuple(PREFERRED))), 0
        )
        choices.nth(pick).click()
    else:
        raise AssertionError("the scenario did not reach an ending in 20 decisions")

    if not page.locator("section.scenario-map svg.scenario-map-svg").count():
        page.locator("a[href$='/debrief/']").first.click()
    expect(page.locator("section.scenario-map svg.scenario-map-svg")).to_be_visible()
    assert page.locator(".map-edge.taken").count() >= 2
    expect(page.locator(".map-node.map-ending.reached")).to_have_count(1)
