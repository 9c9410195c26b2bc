"""Writing the database's content back out as fixtures, in the layout and format of fixtures/.

The export is the other half of ``load_content``: what editors have changed in the admin can be
written out, compared with ``fixtures/`` and committed. Files, their order and their format
follow ``fixtures/``, so that the diff shows only what editors changed:

- one file per area (sources, tags, glossary, one per kind of article, one per course, the
  scenarios), a course keeping the file the fixtures give it;
- each item followed by the items that belong to it (an article by its tags; a course by its
  lessons, each with its tags and then its objectives, then its quizzes, each with its
  questions and their choices);
- items in the order they were added, so new items come after the ones already there, and the
  fields and list entries in the order the fixtures write them;
- natural keys for every reference, no primary keys, no rendered HTML and no timestamps
  (both are made again on load), two-space indents and UTF-8 text;
- the English text in the plain field (``"title"``) and each translation beside it, right after
  it (``"title_fr"``, ``"title_ar"``); a translation not yet written is left out, unless the
  item in the fixtures has it;
- a field an item of the fixtures leaves out stays out while it holds the field's default
  (an empty situation, no objective), so files written before a field existed keep their
  shape; the fields of the other items follow the fullest item of their model.

Which models are exported, the fields of their natural keys, the items that follow each item
and the file of a new item are the apps' to say: each registers its content with
``core.registry.register_export`` when it is ready.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from core import registry
from core.content import FIXTURE_DIR, fixture_paths
from core.content_languages import (
    DEFAULT_LANGUAGE,
    TRANSLATION_LANGUAGES,
    is_blank,
    translated_fields,
    translation_columns,
)


def exported_models():
    """Every exported model: what the apps register in ``core.registry.EXPORTS``, in order."""
    return [apps.get_model(label) for label in registry.EXPORTS]


def item_key(label, natural_key):
    return (label, json.dumps(list(natural_key), ensure_ascii=False))


def natural_key_of_item(item):
    """A fixture item's natural key, read from its fields without the database."""
    key = []
    for name in registry.EXPORTS[item["model"]].natural_key:
        value = item["fields"][name]
        key.extend(value if isinstance(value, list) else [value])
    return key


@dataclass
class Reference:
    """What the existing fixtures say: each item's file, and the order of fields and lists."""

    files: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)
    field_order: dict = field(default_factory=dict)
    item_fields: dict = field(default_factory=dict)

    @classmethod
    def read(cls, directory):
        reference = cls()
        if directory is None or not Path(directory).is_dir():
            return reference
        for path in fixture_paths(Path(directory)):
            for item in json.loads(path.read_text(encoding="utf-8")):
                label = item["model"]
                if label not in registry.EXPORTS:
                    continue
                key = item_key(label, natural_key_of_item(item))
                reference.files[key] = path.name
                names = list(item["fields"])
                reference.item_fields[key] = names
                if len(names) > len(reference.field_order.get(label, [])):
                    reference.field_order[label] = names
                for name, value in item["fields"].items():
                    if isinstance(value, list) and value and isinstance(value[0], list):
                        reference.lists[(*key, name)] = [tuple(entry) for entry in value]
        return reference


class ContentExporter:
    """Serialises the content to a dict of file name -> list of fixture items."""

    def __init__(self, reference_dir=FIXTURE_DIR):
        self.reference = Reference.read(reference_dir)

    def files(self):
        # In English: the plain field of a translated model reads the active language's column.
        with translation.override(DEFAULT_LANGUAGE):
            return self._files()

    def _files(self):
        children = {
            (label, name): self._grouped(label, name)
            for export in registry.EXPORTS.values()
            for label, name in export.children
        }
        files = {}
        for label, export in registry.EXPORTS.items():
            if export.file is None:  # not at the top of a file: follows its parent
                continue
            model = apps.get_model(label)
            for obj in model.objects.select_related().order_by("pk"):
                key = item_key(label, obj.natural_key())
                name = export.file(obj)
                if export.keep_file:
                    name = self.reference.files.get(key, name)
                self._put_tree(files.setdefault(name, []), label, obj, children)
        return files

    def _put_tree(self, items, label, obj, children):
        items.append(self.serialize(obj))
        for child_label, parent_field in registry.EXPORTS[label].children:
            for child in children[(child_label, parent_field)].get(obj.pk, []):
                self._put_tree(items, child_label, child, children)

    @staticmethod
    def _grouped(label, parent_field):
        model = apps.get_model(label)
        attname = model._meta.get_field(parent_field).attname
        groups = {}
        for obj in model.objects.select_related().order_by("pk"):
            groups.setdefault(getattr(obj, attname), []).append(obj)
        return groups

    def serialize(self, obj):
        label = obj._meta.label_lower
        english = {f"{name}_{DEFAULT_LANGUAGE}" for name in _translated_names(obj)}
        scalar = [
            f.name
            for f in obj._meta.concrete_fields
            if f.editable and f.serialize and not f.primary_key and f.name not in english
        ]
        (raw,) = serializers.serialize(
            "python",
            [obj],
            fields=scalar,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        fields = dict(raw["fields"])
        key = item_key(label, obj.natural_key())
        for relation in obj._meta.many_to_many:
            if relation.serialize and relation.editable:
                fields[relation.name] = self._related_keys(obj, relation, key)
        written = self.reference.item_fields.get(key)
        for name in translation_columns(type(obj)):
            if is_blank(fields.get(name)) and name not in (written or ()):
                fields.pop(name, None)  # not translated yet
            elif fields.get(name) is None:
                fields[name] = ""
        if written is not None:
            fields = {
                name: value
                for name, value in fields.items()
                if name in written or not _holds_default(obj, name, value)
            }
        order = self.reference.field_order.get(label, [])
        if written is not None and set(fields) <= set(written):
            order = written
        ordered = {name: fields.pop(name) for name in order if name in fields}
        ordered.update(fields)
        return {"model": label, "fields": _translations_after_their_field(ordered, order, obj)}

    def _related_keys(self, obj, relation, key):
        """Natural keys of the related items: in the fixture's order, then in order added."""
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        rows = through.objects.filter(**{source: obj}).select_related(target).order_by("pk")
        current = [tuple(getattr(row, target).natural_key()) for row in rows]
        known = self.reference.lists.get((*key, relation.name), [])
        kept = [entry for entry in known if entry in current]
        return [list(entry) for entry in kept + [e for e in current if e not in kept]]


def _translated_names(obj):
    return translated_fields(type(obj))


def _translations_after_their_field(fields, order, obj):
    """Each translation the fixtures' order does not place, right after its field (and after
    the translations of it already placed)."""
    base_of = {
        f"{base}_{code}": base for base in _translated_names(obj) for code in TRANSLATION_LANGUAGES
    }
    names = [name for name in fields if name in order]
    for name in fields:
        if name in names:
            continue
        base = base_of.get(name)
        if base is None or base not in names:
            names.append(name)
            continue
        at = names.index(base) + 1
        while at < len(names) and base_of.get(names[at]) == base:
            at += 1
        names.insert(at, name)
    return {name: fields[name] for name in names}


def _holds_default(obj, name, value):
    try:
        model_field = obj._meta.get_field(name)
    except LookupError:
        return False
    if model_field.many_to_many:
        return value == []
    return value in (None, "") and value == model_field.get_default()


def dump(items):
    """Fixture text as fixtures/ writes it: two-space indents, UTF-8 characters unescaped."""
    return json.dumps(items, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"


def export_content(output_dir, *, reference_dir=FIXTURE_DIR, replace=False):
    """Write every content item to fixture files in ``output_dir``; return the paths written.

    With ``replace``, the ``*.json`` files already in ``output_dir`` are removed first (after
    the reference has been read), so that items deleted in the database disappear there too.
    """
    output_dir = Path(output_dir)
    files = ContentExporter(reference_dir=reference_dir).files()
    output_dir.mkdir(parents=True, exist_ok=True)
    if replace:
        for old in fixture_paths(output_dir):
            old.unlink()
    written = []
    for name, items in sorted(files.items()):
        path = output_dir / name
        path.write_text(dump(items), encoding="utf-8")
        written.append(path)
    return written
