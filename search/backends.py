"""The two full-text engines behind one interface: SQLite FTS5 and PostgreSQL text search.

Each backend keeps its index in step with ``SearchEntry`` rows (``sync``/``remove``/``rebuild``),
narrows a ``SearchEntry`` queryset to the rows matching a :class:`~.query.Query` (``filter``),
orders them best first (``rank``), and cuts highlighted snippets for the rows shown
(``snippets``).

Ranking is the same on both: rows whose title or other names match come first, then the
engine's relevance score (FTS5 ``bm25`` with per-column weights, PostgreSQL ``ts_rank`` over a
vector weighted A for title and names, B summary, C tags, D body; both normalised for length).

Each backend searches the entries of one language (``get_backend(language)``). English is
stemmed by the engine (FTS5's Porter table, PostgreSQL's ``english``); French and Arabic words
are reduced in Python (``search.languages``), on the indexed text and on the query alike, and
the engine matches the reduced words (FTS5's second table, PostgreSQL's ``french`` and
``simple``). Their snippets are cut in Python (``search.highlight``), from the text as written.

Highlights are delimited with two control characters that indexing strips from the text, so the
caller can escape the snippet as a whole and only then turn the delimiters into ``<mark>``.
"""

import json
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Value, When
from django.db.models.expressions import RawSQL

from search import highlight
from search.highlight import ELLIPSIS, MARK_END, MARK_START
from search.languages import ENGLISH, indexed_languages, reduces
from search.models import SearchEntry

# SQLite: every statement is built from these literals and the two table names below; user
# text and ids reach them only as parameters (ids and languages as JSON arrays read with
# json_each). Columns: 0 title, 1 keywords, 2 summary, 3 tags, 4 body.
PORTER_TABLE = "diplomacy_portal_search_fts"  # English: FTS5 stems it
FOLDED_TABLE = "diplomacy_portal_search_fts_folded"  # French, Arabic: reduced in Python
STATEMENTS = {
    "match": "{table} MATCH %s",
    "title_hit": (
        '"diplomacy_portal_searchentry"."id" IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)'
    ),
    "rank": "-bm25({table}, 10.0, 10.0, 4.0, 2.0, 1.0)",
    "snippets": (
        "SELECT rowid, highlight({table}, 2, %s, %s), snippet({table}, 4, %s, %s, %s, 30) "
        "FROM {table} WHERE {table} MATCH %s AND rowid IN (SELECT value FROM json_each(%s))"
    ),
    "delete": "DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(%s))",
    # {is_in}: IN for the folded table (the reduced languages), NOT IN for the Porter one.
    "insert": (
        "INSERT INTO {table} (rowid, title, keywords, summary, tags, body) "
        "SELECT id, indexed_title, indexed_keywords, indexed_summary, indexed_tags, indexed_body "
        "FROM diplomacy_portal_searchentry WHERE id IN (SELECT value FROM json_each(%s)) "
        "AND language {is_in} (SELECT value FROM json_each(%s))"
    ),
    "delete_all": "DELETE FROM {table}",
    "insert_all": (
        "INSERT INTO {table} (rowid, title, keywords, summary, tags, body) "
        "SELECT id, indexed_title, indexed_keywords, indexed_summary, indexed_tags, indexed_body "
        "FROM diplomacy_portal_searchentry WHERE language {is_in} (SELECT value FROM json_each(%s))"
    ),
}
SQL = {
    table: {
        name: statement.format(table=table, is_in="IN" if table == FOLDED_TABLE else "NOT IN")
        for name, statement in STATEMENTS.items()
    }
    for table in (PORTER_TABLE, FOLDED_TABLE)
}
JOINED_ROW = {PORTER_TABLE: "index_row", FOLDED_TABLE: "folded_row"}


def reduced_languages():
    """The portal's languages whose words ``search.languages`` reduces, as a JSON array."""
    return json.dumps([code for code in indexed_languages() if reduces(code)])


def python_snippets(query, entries):
    """``{id: (highlighted summary, body snippet)}`` cut here, for the languages reduced in
    Python: the engine's own highlights would show the reduced words, not the text."""
    return {
        entry.pk: (
            highlight.marked(entry.summary, query.words, query.language),
            highlight.excerpt(entry.body, query.words, query.language),
        )
        for entry in entries
    }


class SqliteBackend:
    """FTS5: the Porter stemmer for English, plain Unicode words for text reduced in Python;
    see migrations 0002 and 0004 for the tables."""

    # MATCH expressions are built from word tokens only (see query.tokenize), which contain no
    # double quote, so quoting each phrase makes it a literal FTS5 string: no operator, column
    # filter or syntax the visitor typed can reach FTS5.

    def __init__(self, language=ENGLISH):
        self.language = language
        self.table = FOLDED_TABLE if reduces(language) else PORTER_TABLE
        self.sql = SQL[self.table]

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
        """This language's entries, joined to their full-text rows, that match ``query``."""
        match = RawSQL(self.sql["match"], (self.expression(query),), output_field=BooleanField())  # noqa: S611
        joined = {f"{JOINED_ROW[self.table]}__isnull": False}
        return queryset.filter(match, language=self.language, **joined)

    def rank(self, queryset, query):
        """Order a ``filter`` ed queryset: ``bm25`` reads the joined row, in the same pass."""
        in_title = "{title keywords} : (" + self.expression(query) + ")"
        return queryset.annotate(
            title_hit=RawSQL(self.sql["title_hit"], (in_title,), output_field=BooleanField()),  # noqa: S611
            rank=RawSQL(self.sql["rank"], (), output_field=FloatField()),  # noqa: S611
        ).order_by("-title_hit", "-rank", "title")

    def snippets(self, query, entries):
        """``{id: (highlighted summary, body snippet)}`` for ``entries``."""
        if not entries:
            return {}
        if reduces(self.language):
            return python_snippets(query, entries)
        params = [MARK_START, MARK_END, MARK_START, MARK_END, ELLIPSIS]
        ids = json.dumps([entry.pk for entry in entries])
        with connection.cursor() as cursor:
            cursor.execute(self.sql["snippets"], [*params, self.expression(query), ids])
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    @staticmethod
    def _tables():
        """The tables in use: the folded one only once the portal has a reduced language."""
        return [PORTER_TABLE, FOLDED_TABLE] if json.loads(reduced_languages()) else [PORTER_TABLE]

    def sync(self, ids):
        if ids:
            ids, languages = json.dumps(ids), reduced_languages()
            with connection.cursor() as cursor:
                for table in self._tables():
                    cursor.execute(SQL[table]["delete"], [ids])
                    cursor.execute(SQL[table]["insert"], [ids, languages])

    def remove(self, ids):
        if ids:
            with connection.cursor() as cursor:
                for table in self._tables():
                    cursor.execute(SQL[table]["delete"], [json.dumps(ids)])

    def rebuild(self):
        languages = reduced_languages()
        with connection.cursor() as cursor:
            for table in (PORTER_TABLE, FOLDED_TABLE):
                cursor.execute(SQL[table]["delete_all"])
                cursor.execute(SQL[table]["insert_all"], [languages])


# The text search configuration of each language, over the indexed text: French words are
# reduced in Python and stemmed again by ``french`` (its stop words dropped), Arabic ones reduced
# in Python and kept as they are by ``simple``.
CONFIGS = {"en": "english", "fr": "french", "ar": "simple"}


def config_of(language):
    return CONFIGS.get(language, "simple")


def vector(config):
    return (
        SearchVector("indexed_title", weight="A", config=config)
        + SearchVector("indexed_keywords", weight="A", config=config)
        + SearchVector("indexed_summary", weight="B", config=config)
        + SearchVector("indexed_tags", weight="C", config=config)
        + SearchVector("indexed_body", weight="D", config=config)
    )


def vector_by_language():
    """Each row's vector, built with its language's configuration (one statement for all)."""
    return Case(
        *(When(language=code, then=vector(config_of(code))) for code in indexed_languages()),
        default=vector("simple"),
        output_field=SearchVectorField(),
    )


class PostgresBackend:
    def __init__(self, language=ENGLISH):
        self.language = language
        self.config = config_of(language)

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
        return queryset.filter(language=self.language, search_vector=self.search_query(query))

    def rank(self, queryset, query):
        search_query = self.search_query(query)
        return (
            queryset.alias(
                title_vector=SearchVector("indexed_title", "indexed_keywords", config=self.config)
            )
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

    def snippets(self, query, entries):
        if not entries:
            return {}
        if reduces(self.language):
            return python_snippets(query, entries)
        search_query = self.search_query(query)
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": self.config}
        rows = (
            SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries])
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
            SearchEntry.objects.filter(pk__in=ids).update(search_vector=vector_by_language())

    def remove(self, ids):
        """Nothing to do: the vector goes with its row."""

    def rebuild(self):
        SearchEntry.objects.update(search_vector=vector_by_language())


BACKENDS = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def get_backend(language=ENGLISH):
    """The engine in use, searching the entries of ``language``."""
    try:
        return BACKENDS[connection.vendor](language)
    except KeyError:
        raise NotImplementedError(
            f"Full-text search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
