"""An editor's path through the admin on a 1366px desktop and on a 390px phone: a shipped
scenario opens with its map at the top, a decision point is saved from its own page, and an
article's text shows its preview with the Preview button before saving and after "Save and
continue editing"."""

from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from accounts.roles import EDITORS
from tests.e2e.pages import PASSWORD, screenshot

SCREEN = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# What the portal adds to the admin's pages. Django's own pages have violations of their own
# (filter_horizontal's help icons, the split date and time inputs, the breadcrumbs' links,
# select2's search boxes) that the portal does not change, so axe looks at these parts only.
PORTAL_PARTS = [[".scenario-overview"], [".markdown-preview"], ["div.help"]]


def axe_violations_in_portal_parts(page):
    results = Axe().run(page, context={"include": PORTAL_PARTS}).response
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def editors_group():
    """The Editors group with the permissions its migrations give it. The migrations made it,
    but a live-server test run earlier empties the database, and the content may have been first
    loaded after that."""
    group, created = Group.objects.get_or_create(name=EDITORS)
    if created:
        roles = import_module("diplomacy_portal.migrations.0004_roles")
        scenarios = import_module("diplomacy_portal.migrations.0006_editors_scenarios")
        models = [
            *((app_label, model) for app_label, ms in roles.EDITOR_MODELS.items() for model in ms),
            *(("courses", model) for model in scenarios.MODELS),
        ]
        for app_label, model in models:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in roles.ACTIONS],
                )
            )
    return group


@pytest.mark.parametrize("viewport", [SCREEN, PHONE], ids=["desktop", "phone"])
def test_an_editor_opens_a_scenario_saves_a_point_and_previews_an_article(
    new_context, content, make_user, viewport
):
    editor = make_user("desk", is_staff=True)
    editor.groups.add(editors_group())
    page = new_context(viewport=viewport).new_page()
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_have_text("Diplomacy Portal administration")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diplomacy Portal")
    expect(page.locator("a.section[href='/admin/taggit/']")).to_have_text("Tags")

    page.get_by_role("rowheader", name="Scenarios").get_by_role("link").click()
    page.get_by_role("link", name="Ten letters of objection").click()
    drawing = page.locator(".scenario-overview .scenario-map svg")
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box["y"] < viewport["height"], "the map starts below the first screen"
    assert box["x"] + box["width"] <= viewport["width"]
    expect(page.locator(".scenario-overview")).to_contain_text("Complete:")
    screenshot(page, "admin-scenario")
    assert axe_violations_in_portal_parts(page) == []

    point = page.locator("ul.decision-points a").first
    title = point.inner_text()
    point.click()
    expect(page.locator("#decisionpoint_form")).to_be_visible()
    expect(page.locator(".field-situation_preview .markdown-preview")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".scenario-overview .scenario-map svg")).to_be_visible()
    expect(page.locator("ul.decision-points")).to_contain_text(title.split(". ", 1)[1])

    page.goto("/admin/")
    page.get_by_role("rowheader", name="Articles").get_by_role("link").click()
    page.locator("#searchbar").fill("Neutrality")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name="Neutrality", exact=True).click()
    body = page.locator("#id_body")  # the English text; its translations follow
    expect(page.locator("#id_body_helptext")).to_contain_text("Markdown:")
    body.fill(body.input_value() + "\n\n## Field note\n\nA **field note** from the desk.")
    preview = page.locator(".field-body_preview .markdown-preview")
    expect(preview).not_to_contain_text("Field note")
    page.locator(".field-body_preview").get_by_role("button", name="Preview").click()
    expect(preview.get_by_role("heading", name="Field note")).to_be_visible()
    expect(page.locator(".field-body_preview [role=status]")).to_contain_text("not saved yet")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("You may edit it again below.")
    expect(preview.get_by_role("heading", name="Field note")).to_be_visible()
    expect(preview.locator("strong", has_text="field note")).to_be_visible()
    screenshot(page, "admin-article-preview")
    assert axe_violations_in_portal_parts(page) == []
