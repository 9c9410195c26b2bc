from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Publishable, PublishableQuerySet


class SearchKind(models.TextChoices):
    """What a search result is; each kind is indexed by the app that owns it."""

    ARTICLE = "article", _("Article")
    TERM = "term", _("Glossary term")
    LESSON = "lesson", _("Lesson")


class SearchEntryQuerySet(PublishableQuerySet):
    pass


class SearchEntry(Publishable):
    """One searchable page in one language, copied from the content it stands for.

    Every page has an entry in every language of the portal: its text in that language, or the
    English text where it has no translation yet, so a search in any language finds every page.
    ``title`` … ``body`` are the text as written, for the results page; the ``indexed_*``
    columns hold the same text as the index reads it, each word reduced for the entry's
    language (``search.languages``; English text is kept as written, the engines stem it).

    The full-text index proper lives beside it: on PostgreSQL the ``search_vector`` column with
    a GIN index, built with the language's text search configuration; on SQLite two FTS5 tables
    whose rowids are these rows' ids, ``diplomacy_portal_search_fts`` (Porter stemming, for
    English) and ``diplomacy_portal_search_fts_folded`` (no stemmer, for the words reduced in
    Python). They are created by migrations 0002 and 0004 for their own database only; on
    SQLite the ``search_vector`` column exists but stays empty.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField(_("object ID"))
    language = models.CharField(_("language"), max_length=10, default="en")
    title = models.CharField(_("title"), max_length=300)
    keywords = models.CharField(_("other names"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    tags = models.CharField(_("tags"), max_length=500, blank=True)
    body = models.TextField(_("body text"), blank=True)
    context = models.CharField(_("context"), max_length=300, blank=True)
    url = models.CharField(_("URL"), max_length=500)
    indexed_title = models.TextField(blank=True, default="", editable=False)
    indexed_keywords = models.TextField(blank=True, default="", editable=False)
    indexed_summary = models.TextField(blank=True, default="", editable=False)
    indexed_tags = models.TextField(blank=True, default="", editable=False)
    indexed_body = models.TextField(blank=True, default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        db_table = "diplomacy_portal_searchentry"
        ordering = ["kind", "title"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique_language"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SearchKind.values), name="search_entry_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class SearchIndexRow(models.Model):
    """A row of the SQLite full-text table of English, whose rowid is its entry's id.

    Joining it lets one statement match, rank and page the entries; the table itself belongs
    to migration 0002, and nothing uses this model on PostgreSQL.
    """

    entry = models.OneToOneField(
        SearchEntry,
        models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="index_row",
    )

    class Meta:
        managed = False
        db_table = "diplomacy_portal_search_fts"

    def __str__(self):
        return str(self.entry_id)


class FoldedIndexRow(models.Model):
    """A row of the SQLite full-text table of the languages whose words are reduced in Python
    (French, Arabic), whose rowid is its entry's id; the table belongs to migration 0004."""

    entry = models.OneToOneField(
        SearchEntry,
        models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="folded_row",
    )

    class Meta:
        managed = False
        db_table = "diplomacy_portal_search_fts_folded"

    def __str__(self):
        return str(self.entry_id)
