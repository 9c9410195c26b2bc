"""Adding the content fixtures to a database without touching what editors have changed.

Fixtures keep the English text in the plain field (``"title"``) and its translations beside it
(``"title_fr"``, ``"title_ar"``). An item is added once; after that, the only thing a later run
brings to its row is translations the fixtures have gained, and only while the row is as the
loader left it (no editor has changed it) and holds the English text they translate.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation

from core.content_languages import (
    DEFAULT_LANGUAGE,
    is_blank,
    translated_fields,
    translation_columns,
)
from core.models import LoadedItem

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


def fixture_paths(directory=FIXTURE_DIR):
    return sorted(directory.glob("*.json"))


class ContentRefused(CommandError):
    """Content a model says is unusable (``content_problems()``): nothing of the run is added.

    A ``CommandError``, so that ``load_content`` prints the reasons rather than a traceback.
    """

    def __init__(self, problems):
        self.problems = problems
        super().__init__("The content was not loaded:\n" + "\n".join(f"- {p}" for p in problems))


def _problems_of(objects):
    """What the added objects' models say is wrong with them, each message once."""
    problems = []
    for obj in objects:
        check = getattr(obj, "content_problems", None)
        for problem in check() if check else ():
            if problem not in problems:
                problems.append(problem)
    return problems


@dataclass
class LoadReport:
    added: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    translated: dict[str, int] = field(default_factory=dict)  # rows given new translations

    @property
    def total_added(self):
        return sum(self.added.values())


def _deserialize_one(item):
    """The item as a DeserializedObject, or None when an object it points to is gone."""
    try:
        (deserialized,) = serializers.deserialize(
            "json", json.dumps([item]), handle_forward_references=True
        )
    except (DeserializationError, ObjectDoesNotExist):
        return None
    return deserialized


def _plain(value):
    return "" if value is None else value  # a text column holds NULL or "" for no text


def fingerprint(obj):
    """A digest of what an editor can change in the row: its editable columns, each language's
    column rather than the plain field of a translated one (that one reads the active
    language)."""
    translated = set(translated_fields(type(obj)))
    values = {
        f.attname: _plain(f.value_from_object(obj))
        for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in translated
    }
    text = json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _record_fingerprints(records):
    """Store each added row's fingerprint, read back from the database as a later run will."""
    by_model = {}
    for record, obj in records:
        by_model.setdefault(type(obj), []).append((record, obj.pk))
    for model, pairs in by_model.items():
        rows = model._base_manager.in_bulk([pk for _record, pk in pairs])
        for record, pk in pairs:
            if pk in rows:
                record.fingerprint = fingerprint(rows[pk])
    LoadedItem.objects.bulk_update([r for r, _obj in records], ["fingerprint"], batch_size=500)


def _holds_the_fixtures_text(row, deserialized, item):
    """Whether the row holds what the fixture item gives, translations aside: translations
    are of that text, and must not reach a row whose English says something else."""
    given = deserialized.object
    skipped = {relation.name for relation in deserialized.deferred_fields}
    columns = set(translation_columns(type(row)))
    for name in item["fields"]:
        if name in columns or name in skipped:
            continue
        try:
            model_field = row._meta.get_field(name)
        except LookupError:
            return False
        if model_field.many_to_many or not model_field.concrete:
            continue
        mine, theirs = model_field.value_from_object(row), model_field.value_from_object(given)
        if _plain(mine) != _plain(theirs):
            return False
    return True


def _take_translations(deserialized, item, record):
    """Give an existing row the fixture item's translations, if no editor has changed the row
    and it holds the English text they translate. Returns whether the row changed."""
    model = type(deserialized.object)
    given = [name for name in item["fields"] if name in translation_columns(model)]
    if not given:
        return False
    row = model._base_manager.get(pk=deserialized.object.pk)
    if record.fingerprint:
        untouched = fingerprint(row) == record.fingerprint
    else:  # loaded before fingerprints were kept: untouched if it has no translation yet
        untouched = all(is_blank(getattr(row, name)) for name in translation_columns(model))
    if not untouched or not _holds_the_fixtures_text(row, deserialized, item):
        return False
    changes = {
        name: getattr(deserialized.object, name)
        for name in given
        if _plain(getattr(row, name)) != _plain(getattr(deserialized.object, name))
    }
    if not changes:
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()  # renders each language's Markdown
    record.fingerprint = fingerprint(model._base_manager.get(pk=row.pk))
    record.save(update_fields=["fingerprint"])
    return True


@transaction.atomic
def add_new_content(paths=None):
    """Add every fixture item that has never been loaded into this database.

    An item already in the database (found by its natural key) is left as the editor has it,
    and an item loaded once before is never added again, even if an editor has deleted it
    (nor is anything that belonged to a deleted item). Translations the fixtures have gained
    since an item was loaded reach its row while no editor has changed it (``LoadReport.
    translated``). Everything is added in one transaction, so a broken fixture adds nothing,
    and neither does one whose items their models refuse (a quiz question nobody could answer
    right): ``ContentRefused`` says why.

    Run in English, whatever the language around it: the plain fields of the fixtures are
    English, and a plain field names the active language's column.
    """
    with translation.override(DEFAULT_LANGUAGE):
        return _add_new_content(paths)


def _add_new_content(paths):
    report = LoadReport()
    deferred, added, fingerprints = [], [], []
    loaded = {(r.model, r.key): r for r in LoadedItem.objects.all()}
    for path in paths or fixture_paths():
        for item in json.loads(path.read_text(encoding="utf-8")):
            deserialized = _deserialize_one(item)
            if deserialized is None:
                report.skipped += 1
                continue
            label = deserialized.object._meta.label_lower
            key = json.dumps(list(deserialized.object.natural_key()), ensure_ascii=False)
            if deserialized.object.pk is not None or (label, key) in loaded:
                report.skipped += 1
                record = loaded.get((label, key))
                if record is None:
                    loaded[(label, key)] = record = LoadedItem.objects.create(model=label, key=key)
                if deserialized.object.pk is not None and _take_translations(
                    deserialized, item, record
                ):
                    report.translated[label] = report.translated.get(label, 0) + 1
                continue
            deserialized.save()
            added.append(deserialized.object)
            if deserialized.deferred_fields:
                deferred.append(deserialized)
            loaded[(label, key)] = record = LoadedItem.objects.create(model=label, key=key)
            fingerprints.append((record, deserialized.object))
            report.added[label] = report.added.get(label, 0) + 1
    for deserialized in deferred:
        _link_forward_references(deserialized)
    problems = _problems_of(added)
    if problems:
        raise ContentRefused(problems)  # and the transaction adds nothing
    _record_fingerprints(fingerprints)
    return report


def _link_forward_references(deserialized):
    """Add the links that named items loaded later, skipping any that are gone."""
    for relation, keys in deserialized.deferred_fields.items():
        manager = relation.remote_field.model._default_manager
        if not relation.many_to_many:  # a foreign key, e.g. a question's objective
            try:
                target = manager.get_by_natural_key(*keys)
            except ObjectDoesNotExist:
                continue  # an editor has deleted it: the reference stays empty
            setattr(deserialized.object, relation.name, target)
            deserialized.object.save(update_fields=[relation.name])
            continue
        related = []
        for key in keys:
            try:
                related.append(manager.get_by_natural_key(*key))
            except ObjectDoesNotExist:
                continue  # an editor has deleted it
        getattr(deserialized.object, relation.name).add(*related)
