"""The French and Arabic catalogues: every entry translated, placeholders kept, and up to date
with the strings in the code; and the real templates shown in those languages."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.http import Http404
from django.utils import translation
from django.views.defaults import page_not_found

from offline.pack_building import build_pack, pack_script_text
from search.views import SearchView

LANGUAGES = ("fr", "ar")
DOMAINS = ("django", "djangojs")
LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = [
    LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    for language in LANGUAGES
    for domain in DOMAINS
]
# As `make messages` extracts (MESSAGE_OPTIONS in the Makefile).
MESSAGE_OPTIONS = {
    "ignore_patterns": ["staticfiles", "var", "tests", "bench", "fixtures"],
    "add_location": "file",
    "no_obsolete": True,
}
# Not copied for the fresh extraction: nothing there is read by makemessages with those options.
NOT_SOURCES = {".venv", ".git", ".ci", "locale", "var", "staticfiles", "fixtures", "tests", "bench"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def entry_key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def forms(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda path: f"{path.parent.parent.name}-{path.stem}"
)
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 0
    untranslated = [
        entry.msgid for entry in catalogue if not all(form.strip() for form in forms(entry))
    ]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda path: f"{path.parent.parent.name}-{path.stem}"
)
def test_translations_keep_the_placeholders_of_their_source(path):
    catalogue = polib.pofile(str(path))
    mismatched = []
    for entry in catalogue:
        allowed = [placeholders(entry.msgid)]
        if entry.msgid_plural:
            allowed.append(placeholders(entry.msgid_plural))
        mismatched += [
            (entry.msgid, form) for form in forms(entry) if placeholders(form) not in allowed
        ]
    assert mismatched == []


def test_arabic_has_its_six_plural_forms():
    for domain in DOMAINS:
        catalogue = polib.pofile(str(LOCALE / "ar" / "LC_MESSAGES" / f"{domain}.po"))
        assert catalogue.metadata["Plural-Forms"].startswith(
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1"
        )
        assert all(len(entry.msgstr_plural) == 6 for entry in catalogue if entry.msgid_plural)


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda path: f"{path.parent.parent.name}-{path.stem}"
)
def test_msgfmt_accepts_the_catalogue(path):
    checked = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_catalogues_hold_exactly_what_the_code_and_templates_ask_for(
    tmp_path, monkeypatch, settings
):
    """makemessages run afresh, on a copy, finds no string the catalogues lack and none they keep
    for nothing. When this fails: `make messages`, then translate the new entries."""
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "portal"
    shutil.copytree(
        source, copy, symlinks=True, ignore=lambda folder, names: NOT_SOURCES & set(names)
    )
    for path in CATALOGUES:
        target = copy / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    for domain in DOMAINS:
        call_command(
            "makemessages", locale=list(LANGUAGES), domain=domain, verbosity=0, **MESSAGE_OPTIONS
        )
    for path in CATALOGUES:
        kept = {entry_key(entry) for entry in polib.pofile(str(path))}
        extracted = {
            entry_key(entry) for entry in polib.pofile(str(copy / path.relative_to(source)))
        }
        assert sorted(extracted - kept, key=str) == [], f"{path} lacks these strings"
        assert sorted(kept - extracted, key=str) == [], f"{path} keeps strings no longer used"


def visitor_request(rf, path):
    request = rf.get(path)
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Page introuvable"), ("ar", "الصفحة غير موجودة")]
)
def test_the_404_page_speaks_the_visitors_language(rf, db, language, heading):
    with translation.override(language):
        page = page_not_found(visitor_request(rf, "/no-such-page/"), Http404()).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f"<title>{heading} · " in page
    assert "Page not found" not in page
    assert f'lang="{language}"' in page


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("fr", "Recherche", "Rechercher dans les articles, les termes du glossaire et les leçons"),
        ("ar", "البحث", "البحث في المقالات ومصطلحات المسرد والدروس"),
    ],
)
def test_the_search_page_speaks_the_visitors_language(rf, db, language, heading, label):
    with translation.override(language):
        response = SearchView.as_view()(visitor_request(rf, "/search/"))
        page = response.render().content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f'<label for="search-q">{label}</label>' in page
    assert "Search articles, glossary terms and lessons" not in page


def test_the_offline_pack_speaks_arabic_right_to_left(course):
    with translation.override("ar"):
        html = build_pack(course, submit_url="https://portal.example/offline/submit/").html.decode()
        script_text = pack_script_text(quiz_total=3, lesson_total=12)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h2 id="toc-heading">المحتويات</h2>' in html
    assert script_text["copied"] == "نُسخ الرمز."
    # Arabic counts take their own forms: the dual for two, the plural for three to ten.
    assert script_text["quizzes"]["forms"][2] == "أُجيب عن 2 اختبارين"
    assert script_text["lessons"]["forms"][3] == "أُنجزت 3 دروس"
    assert script_text["lessons"]["forms"][11] == "أُنجز 11 درسًا"
    assert script_text["quizzes"]["beyond"] == "أُجيب عن %(count)s اختبار"


def test_the_english_offline_pack_keeps_its_markup(course):
    html = build_pack(course, submit_url="https://portal.example/offline/submit/").html.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<h2 id="toc-heading">Contents</h2>' in html
