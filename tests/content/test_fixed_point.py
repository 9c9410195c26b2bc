"""The shipped fixtures are a fixed point: loading them again changes nothing, and exporting
what they load writes them back byte for byte.

Related articles are a symmetrical relation, so a link listed on one side only is added to the
other side by the first load and then undone or redone by later ones; the fixtures must list
both sides of every link.
"""

import json

import pytest
from django.core.management import call_command

from articles.models import Article
from core.content import fixture_paths

# The files compared byte for byte. The course files (30-32) are left out of that comparison:
# they are checked for loading, not for their exact text.
COMPARED = [
    "00_sources.json",
    "01_tags.json",
    "10_glossary.json",
    "20_principles.json",
    "21_dos_and_donts.json",
    "22_case_studies.json",
    "23_explainers.json",
    "25_faq.json",
    "40_scenarios.json",
]

pytestmark = pytest.mark.django_db


def related_links():
    return Article.related_articles.through.objects.count()


def load_fixtures():
    call_command("loaddata", *[str(path) for path in fixture_paths()], verbosity=0)


def test_every_related_article_link_is_listed_on_both_sides():
    related = {}
    for path in fixture_paths():
        for item in json.loads(path.read_text(encoding="utf-8")):
            if item["model"] == "articles.article":
                fields = item["fields"]
                related[fields["slug"]] = {slug for (slug,) in fields["related_articles"]}
    one_sided = sorted(
        (slug, other)
        for slug, others in related.items()
        for other in others
        if slug not in related.get(other, set())
    )
    assert one_sided == []


def test_loading_the_fixtures_twice_leaves_the_related_article_links_unchanged():
    load_fixtures()
    first = related_links()
    load_fixtures()
    assert first > 0
    assert related_links() == first


def test_export_of_the_loaded_fixtures_reproduces_them_byte_for_byte(tmp_path):
    load_fixtures()
    call_command("export_content", output=tmp_path, verbosity=0)
    changed = [
        name
        for name in COMPARED
        if (tmp_path / name).read_bytes() != (fixture_paths()[0].parent / name).read_bytes()
    ]
    assert changed == []
