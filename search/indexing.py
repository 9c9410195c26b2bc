"""Keeping the search index in step with the content.

Each app describes how its models become :class:`Document` s with an :class:`Indexer` in its
``search_indexes.py`` (found by ``PortalConfig.ready``) and registers it. Registering connects
``post_save``/``post_delete`` receivers for the model and for the models its documents depend
on (tags, a lesson's course), so an edit in the admin, a fixture load (raw saves included: the
receiver reloads the object from the database, where a raw save has already put it) or a
publish action is in the index as soon as it is in the database, within the same transaction.
``rebuild`` (the ``rebuild_search_index`` command) starts again from scratch.

Each object has an entry in every language of the portal (``search.languages``): its documents
are made with that language active, so an indexer reading ``obj.title`` gets the language's
text (django-modeltranslation's fields), or the English text where there is no translation, and
``get_absolute_url()`` the language's address. Every page is thus found in every language; a
query reads its own language's entries only.
"""

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from html.parser import HTMLParser

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from core.models import ContentVersion
from search.backends import get_backend
from search.languages import index_text, indexed_languages
from search.models import SearchEntry

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHITESPACE = re.compile(r"\s+")


def clean_text(text):
    """Text fit for the index: no control characters (highlights use two), spaces collapsed."""
    return WHITESPACE.sub(" ", CONTROL_CHARACTERS.sub("", text or "")).strip()


class _TextExtractor(HTMLParser):
    BLOCKS = {
        "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "li", "ol", "p", "pre", "table", "td", "th", "tr", "ul",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def text_from_html(html):
    """The readable text of rendered HTML, with words of adjacent blocks kept apart."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return clean_text("".join(extractor.parts))


@dataclass(frozen=True)
class Document:
    """What the index holds for one object."""

    object_id: int
    title: str
    url: str
    status: str
    published_at: datetime
    keywords: str = ""
    summary: str = ""
    tags: str = ""
    body: str = ""
    context: str = ""

    def entry_fields(self, language):
        fields = asdict(self)
        del fields["object_id"]
        for name in ("title", "keywords", "summary", "tags", "body", "context"):
            fields[name] = clean_text(fields[name])
        for name in INDEXED:
            fields[f"indexed_{name}"] = index_text(fields[name], language)
        return fields


INDEXED = ("title", "keywords", "summary", "tags", "body")
ENTRY_FIELDS = [
    "title", "url", "status", "published_at", "keywords", "summary", "tags", "body", "context",
    "indexed_at", *(f"indexed_{name}" for name in INDEXED),
]  # fmt: skip


class Indexer:
    """How the objects of one model become search entries of one kind."""

    kind: str
    model: type

    def get_queryset(self):
        """Every object to index, drafts included (entries carry the publication state)."""
        return self.model._default_manager.all()

    def document(self, obj):
        raise NotImplementedError

    def dependencies(self):
        """``(model, function)`` pairs: when a ``model`` row is saved or deleted, ``function(row)``
        gives the primary keys of this indexer's objects whose documents change."""
        return []


_registry = {}


def registered():
    return list(_registry.values())


def indexer_for(model):
    for indexer in _registry.values():
        if indexer.model is model:
            return indexer
    raise LookupError(f"No search indexer for {model._meta.label}.")


def register(indexer):
    """Index ``indexer``'s objects from now on, and keep them current as they change."""
    _registry[indexer.kind] = indexer
    uid = f"search-index-{indexer.kind}"

    def saved(sender, instance, **kwargs):
        update(indexer, [instance.pk])

    def deleted(sender, instance, **kwargs):
        remove(indexer, [instance.pk])

    post_save.connect(saved, sender=indexer.model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=indexer.model, weak=False, dispatch_uid=uid)
    for model, affected in indexer.dependencies():

        def changed(sender, instance, affected=affected, **kwargs):
            update(indexer, affected(instance))

        dependency_uid = f"{uid}-{model._meta.label_lower}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=dependency_uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=dependency_uid)
    return indexer


def entries(indexer, objects, now):
    """The entries of ``objects`` in every language of the portal."""
    found = []
    for language in indexed_languages():
        with translation.override(language):
            found.extend(
                SearchEntry(
                    kind=indexer.kind,
                    object_id=obj.pk,
                    language=language,
                    **indexer.document(obj).entry_fields(language),
                    indexed_at=now,
                )
                for obj in objects
            )
    return found


def update(indexer, pks):
    """Bring the entries of ``indexer``'s objects ``pks`` up to date; drop those now gone."""
    pks = list(dict.fromkeys(pk for pk in pks if pk is not None))
    if not pks:
        return
    objects = list(indexer.get_queryset().filter(pk__in=pks))
    new = entries(indexer, objects, timezone.now())
    with transaction.atomic():
        if new:
            SearchEntry.objects.bulk_create(
                new,
                update_conflicts=True,
                unique_fields=["kind", "object_id", "language"],
                update_fields=ENTRY_FIELDS,
            )
            ids = SearchEntry.objects.filter(
                kind=indexer.kind, object_id__in=[obj.pk for obj in objects]
            ).values_list("pk", flat=True)
            get_backend().sync(list(ids))
        found = {obj.pk for obj in objects}
        remove(indexer, [pk for pk in pks if pk not in found])


def remove(indexer, pks):
    """Drop the entries of ``indexer``'s objects ``pks``."""
    if not pks:
        return
    entries = SearchEntry.objects.filter(kind=indexer.kind, object_id__in=pks)
    ids = list(entries.values_list("pk", flat=True))
    if ids:
        get_backend().remove(ids)
        SearchEntry.objects.filter(pk__in=ids).delete()


def update_objects(model, pks):
    """Re-index some objects of ``model``, e.g. after a ``QuerySet.update()`` sent no signals."""
    update(indexer_for(model), list(pks))


@transaction.atomic
def rebuild():
    """Empty the index and index every registered object again, in every language; return
    how many objects of each kind were indexed."""
    SearchEntry.objects.all().delete()
    counts = {}
    now = timezone.now()
    for indexer in registered():
        objects = list(indexer.get_queryset().iterator(chunk_size=500))
        SearchEntry.objects.bulk_create(entries(indexer, objects, now), batch_size=500)
        counts[indexer.kind] = len(objects)
    get_backend().rebuild()
    ContentVersion.bump()  # cached search pages and the glossary's synonyms are stale now
    return counts
