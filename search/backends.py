"""The two full-text engines behind one interface: SQLite FTS5 and PostgreSQL text search.

Each backend keeps its index in step with ``SearchEntry`` rows (``sync``/``remove``/``rebuild``),
narrows a ``SearchEntry`` queryset to the rows matching a :class:`~.query.Query` (``filter``),
orders them best first (``rank``), and cuts highlighted snippets for the rows shown
(``snippets``).

Ranking is the same on both: rows whose title or other names match come first, then the
engine's relevance score (FTS5 ``bm25`` with per-column weights, PostgreSQL ``ts_rank`` over a
vector weighted A for title and names, B summary, C tags, D body; both normalised for length).

Highlights are delimited with two control characters that indexing strips from the text, so the
caller can escape the snippet as a whole and only then turn the delimiters into ``<mark>``.
"""

import json
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Value, When
from django.db.models.expressions import RawSQL

from search.models import SearchEntry

MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"


# SQLite: every statement is a literal; user text and ids reach them only as parameters (ids as
# one JSON array read with json_each). Columns: 0 title, 1 keywords, 2 summary, 3 tags, 4 body.
FTS_MATCH = "diplomacy_portal_search_fts MATCH %s"
FTS_TITLE_HIT = (
    '"diplomacy_portal_searchentry"."id" IN (SELECT rowid FROM diplomacy_portal_search_fts '
    "WHERE diplomacy_portal_search_fts MATCH %s)"
)
FTS_RANK = "-bm25(diplomacy_portal_search_fts, 10.0, 10.0, 4.0, 2.0, 1.0)"
FTS_SNIPPETS = (
    "SELECT rowid, highlight(diplomacy_portal_search_fts, 2, %s, %s), "
    "snippet(diplomacy_portal_search_fts, 4, %s, %s, %s, 30) "
    "FROM diplomacy_portal_search_fts WHERE diplomacy_portal_search_fts MATCH %s "
    "AND rowid IN (SELECT value FROM json_each(%s))"
)
FTS_DELETE = (
    "DELETE FROM diplomacy_portal_search_fts WHERE rowid IN (SELECT value FROM json_each(%s))"
)
FTS_INSERT = (
    "INSERT INTO diplomacy_portal_search_fts (rowid, title, keywords, summary, tags, body) "
    "SELECT id, title, keywords, summary, tags, body FROM diplomacy_portal_searchentry "
    "WHERE id IN (SELECT value FROM json_each(%s))"
)
FTS_DELETE_ALL = "DELETE FROM diplomacy_portal_search_fts"
FTS_INSERT_ALL = (
    "INSERT INTO diplomacy_portal_search_fts (rowid, title, keywords, summary, tags, body) "
    "SELECT id, title, keywords, summary, tags, body FROM diplomacy_portal_searchentry"
)


class SqliteBackend:
    """FTS5 with the Porter stemmer; see migration 0002 for the table."""

    # MATCH expressions are built from word tokens only (see query.tokenize), which contain no
    # double quote, so quoting each phrase makes it a literal FTS5 string: no operator, column
    # filter or syntax the visitor typed can reach FTS5.

    @staticmethod
    def _phrase(phrase):
        return '"' + " ".join(phrase) + '"'

    def expression(self, query):
        parts = []
        for group in query.groups:
            phrases = [self._phrase(phrase) for phrase in group]
            parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
        return " AND ".join(parts)

    def filter(self, queryset, query):
        """Join the full-text table (``SearchIndexRow``) and keep the rows matching ``query``."""
        match = RawSQL(FTS_MATCH, (self.expression(query),), output_field=BooleanField())  # noqa: S611
        return queryset.filter(match, index_row__isnull=False)

    def rank(self, queryset, query):
        """Order a ``filter`` ed queryset: ``bm25`` reads the joined row, in the same pass."""
        in_title = "{title keywords} : (" + self.expression(query) + ")"
        return queryset.annotate(
            title_hit=RawSQL(FTS_TITLE_HIT, (in_title,), output_field=BooleanField()),  # noqa: S611
            rank=RawSQL(FTS_RANK, (), output_field=FloatField()),  # noqa: S611
        ).order_by("-title_hit", "-rank", "title")

    def snippets(self, query, ids):
        """``{id: (highlighted summary, body snippet)}`` for the entries ``ids``."""
        if not ids:
            return {}
        params = [MARK_START, MARK_END, MARK_START, MARK_END, ELLIPSIS]
        with connection.cursor() as cursor:
            cursor.execute(FTS_SNIPPETS, [*params, self.expression(query), json.dumps(ids)])
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def sync(self, ids):
        if ids:
            with connection.cursor() as cursor:
                cursor.execute(FTS_DELETE, [json.dumps(ids)])
                cursor.execute(FTS_INSERT, [json.dumps(ids)])

    def remove(self, ids):
        if ids:
            with connection.cursor() as cursor:
                cursor.execute(FTS_DELETE, [json.dumps(ids)])

    def rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute(FTS_DELETE_ALL)
            cursor.execute(FTS_INSERT_ALL)


class PostgresBackend:
    config = "english"

    @property
    def vector(self):
        config = self.config
        return (
            SearchVector("title", weight="A", config=config)
            + SearchVector("keywords", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("tags", weight="C", config=config)
            + SearchVector("body", weight="D", config=config)
        )

    def search_query(self, query):
        # phraseto_tsquery takes any text and keeps a multi-word name together.
        groups = [
            reduce(
                or_,
                (
                    SearchQuery(" ".join(phrase), search_type="phrase", config=self.config)
                    for phrase in group
                ),
            )
            for group in query.groups
        ]
        return reduce(and_, groups)

    def filter(self, queryset, query):
        return queryset.filter(search_vector=self.search_query(query))

    def rank(self, queryset, query):
        search_query = self.search_query(query)
        return (
            queryset.alias(title_vector=SearchVector("title", "keywords", config=self.config))
            .annotate(
                title_hit=Case(
                    When(title_vector=search_query, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                # Normalisation 1 divides by 1 + log(length), as bm25 favours short
                # documents: a term named "Shuttle diplomacy" beats a long article using it.
                rank=SearchRank(F("search_vector"), search_query, normalization=1),
            )
            .order_by("-title_hit", "-rank", "title")
        )

    def snippets(self, query, ids):
        if not ids:
            return {}
        search_query = self.search_query(query)
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": self.config}
        rows = (
            SearchEntry.objects.filter(pk__in=ids)
            .annotate(
                summary_mark=SearchHeadline("summary", search_query, highlight_all=True, **marks),
                body_mark=SearchHeadline(
                    "body",
                    search_query,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=f" {ELLIPSIS} ",
                    **marks,
                ),
            )
            .values_list("pk", "summary_mark", "body_mark")
        )
        return {pk: (summary, body) for pk, summary, body in rows}

    def sync(self, ids):
        if ids:
            SearchEntry.objects.filter(pk__in=ids).update(search_vector=self.vector)

    def remove(self, ids):
        """Nothing to do: the vector goes with its row."""

    def rebuild(self):
        SearchEntry.objects.update(search_vector=self.vector)


BACKENDS = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend():
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(
            f"Full-text search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
