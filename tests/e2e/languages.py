"""What the French and Arabic journeys check on every page: the language and direction of the
document, no sideways scroll on a phone, axe, and a screenshot named by language and page."""

from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.pages import axe_violations, screenshot, structure_problems

LANGUAGES = ["fr", "ar"]
DIRECTION = {"fr": "ltr", "ar": "rtl"}
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def gettext_in(language, message):
    """The interface's ``message`` as the catalogue of ``language`` has it."""
    with translation.override(language):
        return translation.gettext(message)


def switcher_link(page, language):
    return page.locator(f".language-nav a[hreflang='{language}']")


def follow_switcher(page, language):
    """Follow the switcher's link to ``language``, opening the menu first on a phone."""
    link = switcher_link(page, language)
    if not link.is_visible():
        page.locator(".menu summary").click()
    link.click()


def check_page(page, language, name, problems):
    """Check the page the browser is on, saving its screenshot as ``{language}-{name}``;
    what is wrong is added to ``problems`` under that name (so one run shows every page's)."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", DIRECTION[language])
    expect(switcher_link(page, language)).to_have_attribute("aria-current", "true")
    screenshot(page, f"{language}-{name}")
    found = axe_violations(page, impacts=ALL_IMPACTS) + structure_problems(page)
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px")
    if found:
        problems[name] = found
