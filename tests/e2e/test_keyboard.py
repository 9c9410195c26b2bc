"""The portal used with the keyboard alone: skip link, visible focus, every control reachable."""

import pytest
from playwright.sync_api import expect

from courses.models import Choice
from tests.e2e.pages import active_element, tab_through


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, content):
    page.goto("/glossary/")
    page.keyboard.press("Tab")
    focused = active_element(page)
    assert focused["name"] == "Skip to content"
    assert focused["focusVisible"]
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # shown on screen, not parked off it
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.url.split("#")[0] + "#content")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_quiz_is_answered_and_submitted_with_the_keyboard_alone(log_in_as, make_user, short_course):
    quiz = short_course.quizzes.get()
    right = set(
        Choice.objects.filter(question__quiz=quiz, is_correct=True).values_list("text", flat=True)
    )
    page = log_in_as(make_user("keys-only"))
    page.goto(quiz.get_absolute_url())

    focused = None
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = active_element(page)
        assert focused["focusVisible"], f"no visible focus on {focused}"
        if focused["type"] in ("radio", "checkbox"):
            break
    answered = []
    while focused["type"] in ("radio", "checkbox"):
        if focused["type"] == "radio":
            page.keyboard.press("Space")  # chooses the option that has focus
            assert active_element(page)["checked"]
            for _ in range(5):  # the arrows move round the group, choosing as they go
                page.keyboard.press("ArrowDown")
                focused = active_element(page)
                if focused["name"] in right:
                    break
        elif focused["name"] in right:
            page.keyboard.press("Space")
        focused = active_element(page)
        if focused["checked"]:
            answered.append(focused["name"])
        assert focused["focusVisible"], f"no visible focus on {focused}"
        page.keyboard.press("Tab")
        focused = active_element(page)
    assert sorted(answered) == sorted(right)
    assert focused["tag"] == "button" and focused["name"] == "Submit my answers"
    assert focused["focusVisible"]
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: Final check")
    expect(page.locator(".score")).to_contain_text("100% (2 of 2 right)")
    expect(page.locator(".score")).to_contain_text("Passed.")


@pytest.mark.parametrize(
    ("name", "logged_in"),
    [("home", False), ("article", False), ("sign-up", False), ("lesson", True), ("quiz", True)],
)
def test_every_control_is_reached_by_tab_and_shows_focus(
    name, logged_in, page, log_in_as, graduate, short_course
):
    paths = {
        "home": "/",
        "article": "/articles/neutrality/",
        "sign-up": "/accounts/signup/",
        "lesson": short_course.lessons.get(position=1).get_absolute_url(),
        "quiz": short_course.quizzes.get().get_absolute_url(),
    }
    if logged_in:
        page = log_in_as(graduate)
    page.goto(paths[name])
    stops, expected = tab_through(page)
    reached = [stop["stop"] for stop in stops]
    assert [stop for stop in expected if stop not in reached] == []
    assert [stop for stop in stops if not stop["focusVisible"]] == []
