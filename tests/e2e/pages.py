"""What the browser tests do and check on a page, shared by the test modules."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from courses.models import Choice

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "a-long-e2e-password"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")

_axe = Axe()  # axe-core as shipped inside the axe-playwright-python wheel


def screenshot(page, name):
    """Save a full-page screenshot to var/screenshots/ (git-ignored) for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """axe-core's violations of the given impacts on the page, one line each.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
    does not govern (a ``<script>`` tag added to the page would be refused by it).
    """
    results = _axe.run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]


STRUCTURE_PROBLEMS_JS = """() => {
  const problems = [];
  const all = (selector) => [...document.querySelectorAll(selector)];
  const text = (element) => (element ? element.textContent.trim() : "");
  if (!document.documentElement.lang) problems.push("no lang attribute on <html>");
  if (!document.title.trim()) problems.push("no <title>");
  const h1s = all("h1");
  if (h1s.length !== 1) problems.push(`${h1s.length} <h1> elements, not one`);
  if (all("main").length !== 1) problems.push("not exactly one <main>");
  if (all("body > header").length !== 1) problems.push("not exactly one banner <header>");
  if (all("body > footer").length !== 1) problems.push("not exactly one contentinfo <footer>");
  const navs = all("nav");
  if (!navs.length) problems.push("no <nav>");
  const navNames = navs.map((nav) => nav.getAttribute("aria-label")
    || text(document.getElementById(nav.getAttribute("aria-labelledby"))));
  if (navs.length > 1 && (navNames.some((name) => !name)
      || new Set(navNames).size !== navNames.length)) {
    problems.push(`navigation landmarks without distinct names: ${navNames.join(" | ")}`);
  }
  for (const element of all("[aria-labelledby]")) {
    for (const id of element.getAttribute("aria-labelledby").split(/\\s+/)) {
      if (!text(document.getElementById(id))) problems.push(`aria-labelledby="${id}" is empty`);
    }
  }
  for (const control of all("input, select, textarea")) {
    if (control.type === "hidden") continue;
    const labelled = [...control.labels].some((label) => text(label))
      || control.getAttribute("aria-label")
      || text(document.getElementById(control.getAttribute("aria-labelledby")));
    if (!labelled) problems.push(`unlabelled ${control.tagName.toLowerCase()} "${control.name}"`);
    if (["radio", "checkbox"].includes(control.type) && control.closest("fieldset")
        && !text(control.closest("fieldset").querySelector("legend"))) {
      problems.push(`options of "${control.name}" in a fieldset with no legend`);
    }
  }
  for (const button of all("button, a[href]")) {
    if (!text(button) && !button.getAttribute("aria-label")) {
      problems.push(`${button.tagName.toLowerCase()} with no name`);
    }
  }
  const skip = document.querySelector("a.skip-link");
  const target = skip && document.getElementById(skip.hash.slice(1));
  if (!target || target.tagName !== "MAIN") problems.push("no skip link to <main>");
  return problems;
}"""


def structure_problems(page):
    """Missing lang, h1 count, landmarks, unlabelled fields: what the page gets wrong."""
    return page.evaluate(STRUCTURE_PROBLEMS_JS)


def sign_up(page, username, display_name):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.locator(".messages")).to_contain_text("Your account is ready")


def log_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def progress_value(page):
    """The value of the course's progress bar, as a number of steps done."""
    return int(page.locator("progress").get_attribute("value"))


def prompt_of(question):
    """A question's prompt, read from its fieldset's legend ("2. Which ...?")."""
    return re.sub(r"^\d+\.\s*", "", question.locator("legend").inner_text().strip())


def answer_quiz(page, quiz, *, right):
    """Tick every right choice (or, with ``right=False``, every wrong one) by its label,
    looking the right choices up in the database by question prompt."""
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        question = questions.nth(index)
        choices = Choice.objects.filter(question__quiz=quiz, question__prompt=prompt_of(question))
        wanted = [choice.text for choice in choices if choice.is_correct == right]
        if question.locator("input[type=radio]").count():
            wanted = wanted[:1]
        for text in wanted:
            question.get_by_label(text, exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, "
    "textarea, [tabindex]:not([tabindex='-1'])"
)

MARK_FOCUSABLE_JS = """(selector) => {
  const seenGroups = new Set();
  let count = 0;
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility === "hidden") continue;
    // A radio group is one tab stop: its options are chosen with the arrow keys.
    const group = element.type === "radio" ? element.form?.id + "/" + element.name : null;
    if (group && seenGroups.has(group)) continue;
    if (group) seenGroups.add(group);
    element.dataset.e2eStop = group ? "radio:" + element.name : String(count);
    count += 1;
  }
  return [...document.querySelectorAll("[data-e2e-stop]")].map((e) => e.dataset.e2eStop);
}"""

ACTIVE_ELEMENT_JS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const label = element.labels && element.labels.length ? element.labels[0].textContent : "";
  return {
    stop: element.type === "radio" ? "radio:" + element.name : element.dataset.e2eStop || null,
    tag: element.tagName.toLowerCase(),
    type: element.type || "",
    name: (label || element.textContent || element.value || "").trim().slice(0, 60),
    checked: Boolean(element.checked),
    focusVisible: element.matches(":focus-visible") && (outline || style.boxShadow !== "none"),
  };
}"""


START_AT_TOP_JS = """() => {
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute("tabindex");
  window.scrollTo(0, 0);
}"""


def active_element(page):
    """What has keyboard focus: its tab-stop mark, kind, name and whether focus shows."""
    return page.evaluate(ACTIVE_ELEMENT_JS)


def tab_through(page, limit=200):
    """Press Tab from the top of the page until focus leaves it; return every stop reached
    (as ``active_element`` describes it) and every control that should be one."""
    expected = page.evaluate(MARK_FOCUSABLE_JS, FOCUSABLE)
    page.evaluate(START_AT_TOP_JS)  # away from an autofocused field, as a fresh visit starts
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = active_element(page)
        if focused is None or (stops and focused["stop"] == stops[0]["stop"]):
            break
        stops.append(focused)
    return stops, expected
