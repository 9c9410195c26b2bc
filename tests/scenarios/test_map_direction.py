"""The debrief's map reads in the page's direction: mirrored in Arabic, as drawn in English."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.scenarios.test_runs import build_scenario, play

SVG_TAG = re.compile(
    r'<section class="scenario-map".*?(<svg[^>]*>).*?(<g class="map-edges"[^>]*>)', re.DOTALL
)


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request leaves its language active in the thread: later tests reverse in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def finished_run(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_user(username="amina", password="a-long-test-password")
    )
    scenario = build_scenario()
    return play(client, scenario, ["Listen first", "Hold the line", "Insist on the law"])


def debrief_map(client, run, language):
    with translation.override(language):
        url = reverse("scenarios:scenario_debrief", args=[run.scenario.slug, run.pk])
    html = client.get(url).content.decode()
    svg, edges = SVG_TAG.search(html).groups()
    return url, svg, edges


def test_an_arabic_debrief_map_is_mirrored(client, finished_run):
    url, svg, edges = debrief_map(client, finished_run, "ar")
    assert url.startswith("/ar/")
    assert 'direction="rtl"' in svg
    assert 'transform="matrix(-1 0 0 1 ' in edges


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_english_or_french_debrief_map_is_not(client, finished_run, language):
    _, svg, edges = debrief_map(client, finished_run, language)
    assert "direction" not in svg
    assert "transform" not in edges
