"""A trainee's whole path on a desktop and on a phone: sign-up with an error first, enrolment,
Continue, lessons, a failed attempt, a pass that completes the course and its certificate,
each page state checked with axe and saved as a screenshot."""

import pytest
from model_bakery import baker
from playwright.sync_api import expect

from certificates.models import Certificate
from tests.e2e.pages import PASSWORD, answer_quiz, axe_violations, screenshot

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
MIN_TARGET = 44

TARGETS_JS = """() => [...document.querySelectorAll(".options input")].map((input) => {
  const label = document.querySelector(`label[for="${input.id}"]`);
  const row = input.closest("li").getBoundingClientRect();
  const box = label.getBoundingClientRect();
  return {
    id: input.id,
    labelHeight: box.height,
    rowHeight: row.height,
    inside: box.right <= document.documentElement.clientWidth + 1,
    indented: box.left > input.getBoundingClientRect().right,
  };
})"""


def no_violations(page, name):
    screenshot(page, f"trainee-path-{name}")
    assert axe_violations(page, impacts=("minor", "moderate", "serious", "critical")) == []


def focused(page):
    return page.evaluate(
        "() => ({id: document.activeElement.id, cls: document.activeElement.className})"
    )


@pytest.fixture
def taught_course(short_course):
    """The short course, its first question tied to an objective of lesson 2 and to the
    section of that lesson that teaches it."""
    lesson = short_course.lessons.get(position=2)
    lesson.body += "\n\n## Weighing leverage\n\nWhat each side can offer, and what it costs."
    lesson.save()
    objective = baker.make(
        "courses.Objective",
        lesson=lesson,
        position=1,
        text="Weigh leverage",
        section="Weighing leverage",
    )
    question = short_course.quizzes.get().questions.get(position=1)
    question.objective = objective
    question.save()
    return short_course


@pytest.mark.parametrize("device", VIEWPORTS)
def test_trainee_path(new_context, taught_course, device):
    course = taught_course
    quiz = course.quizzes.get()
    page = new_context(viewport=VIEWPORTS[device]).new_page()
    username = f"trainee-{device}"

    # Sign up, with an error first: the summary takes focus and its link focuses the field.
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill("Amina Field")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD + "-not-the-same")
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    no_violations(page, f"signup-error-{device}")
    summary.get_by_role("link").first.click()
    assert focused(page)["id"] == "id_password2"
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")

    # Enrol; the dashboard offers Continue to the first lesson.
    page.goto(course.get_absolute_url())
    page.get_by_role("button", name="Enroll in this course").click()
    page.goto("/learning/")
    cont = page.locator(".continue a.button")
    expect(cont).to_contain_text("Continue")
    expect(page.locator(".continue")).to_contain_text("Next: Why access is negotiated")
    no_violations(page, f"dashboard-{device}")
    cont.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why access is negotiated")
    page.get_by_role("button", name="Mark this lesson complete").click()
    page.get_by_role("button", name="Mark this lesson complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)

    # The quiz: every option a target of 44px at least, its label beside it and on screen.
    page.goto(quiz.get_absolute_url())
    targets = page.evaluate(TARGETS_JS)
    assert targets
    for target in targets:
        assert target["labelHeight"] >= MIN_TARGET, target
        assert target["rowHeight"] >= MIN_TARGET, target
        assert target["inside"] and target["indented"], target
    no_violations(page, f"quiz-{device}")

    # A quiz submitted with nothing ticked: the summary links the first question's option.
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator(".error-summary a").first.click()
    assert focused(page)["id"].endswith("_0")
    no_violations(page, f"quiz-error-{device}")

    # A failed attempt: Try again, the lesson to review, the wrong choice marked.
    answer_quiz(page, quiz, right=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: Final check")
    expect(page.get_by_role("link", name="Try again")).to_be_visible()
    expect(page.get_by_role("link", name="Next: Final check")).to_have_count(0)
    review = page.locator(".review-lesson a")
    expect(review).to_have_text("Weighing leverage (lesson 2)")
    expect(page.locator(".chosen-wrong").first).to_contain_text("Your answer · ✗ Not right")
    no_violations(page, f"result-failed-{device}")
    review.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red lines and leverage")
    assert page.url.endswith("#section-weighing-leverage")
    expect(page.get_by_role("heading", level=2, name="Weighing leverage")).to_be_in_viewport()

    # Passing the last step: the course is complete, with its certificate.
    page.goto(quiz.get_absolute_url())
    answer_quiz(page, quiz, right=True)
    panel = page.locator(".completion-panel")
    expect(panel.get_by_role("heading")).to_have_text(f"You have completed “{course.title}”")
    certificate = Certificate.objects.get(user__username=username)
    expect(panel.get_by_role("link", name="View and print your certificate")).to_have_attribute(
        "href", certificate.get_absolute_url()
    )
    expect(panel.locator(".share-link a")).to_contain_text(certificate.get_verification_url())
    no_violations(page, f"result-complete-{device}")
    panel.get_by_role("link", name="View and print your certificate").click()
    expect(page.locator(".certificate-name")).to_have_text("Amina Field")


MAP_JS = """() => {
  const box = document.querySelector(".map-scroll");
  const svg = box.querySelector("svg");
  const natural = svg.viewBox.baseVal.width;
  return {
    boxRight: box.getBoundingClientRect().right,
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    scale: svg.getBoundingClientRect().width / natural,
    label: [...svg.querySelectorAll(".map-node text")].map((t) => t.textContent).join("|"),
  };
}"""


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_debrief_map_reads_on_a_phone_without_hovering(log_in_as, make_user, content, device):
    page = log_in_as(make_user(f"negotiator-{device}"), viewport=VIEWPORTS[device])
    page.goto("/scenarios/ten-letters-of-objection/")
    page.locator("button.scenario-start").click()
    for _ in range(20):
        choices = page.locator("form.scenario-choices button.scenario-choice")
        if choices.count() == 0:
            break
        choices.first.click()
    if not page.locator(".map-scroll").count():
        page.locator("a[href$='/debrief/']").first.click()
    drawn = page.evaluate(MAP_JS)
    assert drawn["page"] <= drawn["viewport"], "the map widens the page"
    assert drawn["boxRight"] <= drawn["viewport"] + 1
    assert drawn["scale"] >= 0.8, "the map's labels shrink below a legible size"
    key = page.locator("details.map-key-details")
    key.locator("summary").click()
    expect(key.locator(".map-key > li").first).to_be_visible()
    expect(key).to_contain_text("→")
    no_violations(page, f"debrief-map-{device}")
