"""Every field the admin shows is labelled through gettext, so the admin reads in French and
Arabic too, not in labels made from English field names."""

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise

from courses.models import Attempt, Enrollment
from scenarios.models import RunStep, ScenarioRun

PORTAL_APPS = {
    "core",
    "search",
    "accounts",
    "articles",
    "glossary",
    "courses",
    "scenarios",
    "certificates",
    "offline",
    "cards",
}
SHOWN_OPTIONS = ("list_display", "list_filter", "readonly_fields", "fields")


def shown_names(model_admin):
    return {
        name
        for option in SHOWN_OPTIONS
        for name in getattr(model_admin, option, None) or ()
        if isinstance(name, str)
    }


def test_every_field_the_admin_shows_has_a_translatable_label():
    unlabelled = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        shown = shown_names(model_admin)
        for field in model._meta.concrete_fields:
            if field.auto_created or not (field.editable or field.name in shown):
                continue
            if not isinstance(field._verbose_name, Promise):
                unlabelled.append(f"{model._meta.label}.{field.name}")
    assert unlabelled == []


@pytest.mark.parametrize(
    ("model", "field", "french", "arabic"),
    [
        (Enrollment, "user", "utilisateur", "المستخدم"),
        (Attempt, "quiz", "quiz", "اختبار"),
        (ScenarioRun, "current_point", "point de décision actuel", "نقطة القرار الحالية"),
        (RunStep, "run", "partie", "الجولة"),
    ],
)
def test_the_trainee_records_foreign_keys_read_in_french_and_arabic(model, field, french, arabic):
    label = model._meta.get_field(field).verbose_name
    with translation.override("fr"):
        assert str(label) == french
    with translation.override("ar"):
        assert str(label) == arabic
