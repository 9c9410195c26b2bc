from collections import Counter
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone, translation
from model_bakery import baker

from core.caching import forget_built
from core.models import ContentVersion, Status
from tests.courses.builders import add_quiz


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and matchers belong to one test's data."""
    for cache in caches.all():
        cache.clear()
    forget_built()
    yield
    for cache in caches.all():
        cache.clear()
    forget_built()


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts in English: a request for a French page leaves French active in the
    thread that made it (Django's test client runs the request in the test's thread)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def password_hashers(settings):
    """A fast hasher: sign-ups and logins are not what most tests are about. The tests about
    hashing keep the production hashers (tests/security/conftest.py overrides this fixture)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _tables(cursor):
    """``{table: (columns, select)}`` for every table of the test database.

    SQLite: each column read as ``+column``, an expression, so that the values come back as
    stored rather than through the converters of the columns' declared types; the full-text
    table read with its rowid and written through, never its FTS5 shadow tables.
    PostgreSQL: each row read as one JSON text and written back with ``json_populate_recordset``,
    so that every type (text search vectors, JSON, arrays) comes back exactly as it was.
    """
    quote = connection.ops.quote_name
    if connection.vendor != "sqlite":
        return {
            table: (None, f"SELECT row_to_json(t)::text FROM {quote(table)} AS t")  # noqa: S608
            for table in connection.introspection.table_names(cursor)
        }
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    found = cursor.fetchall()
    virtual = [name for name, sql in found if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    tables = {}
    for name, _ in found:
        if name.startswith("sqlite_") or any(name.startswith(f"{v}_") for v in virtual):
            continue
        cursor.execute(f"PRAGMA table_info({quote(name)})")
        columns = (["rowid"] if name in virtual else []) + [row[1] for row in cursor.fetchall()]
        select = ", ".join(f"+{quote(column)}" for column in columns)
        tables[name] = (columns, f"SELECT {select} FROM {quote(name)}")  # noqa: S608
    return tables


def _rows_of_every_table():
    """``{table: Counter of rows}`` for every table that has rows, and the tables' columns."""
    rows, columns_of = {}, {}
    with connection.cursor() as cursor:
        for table, (columns, select) in _tables(cursor).items():
            cursor.execute(select)
            found = Counter(row[0] if columns is None else row for row in cursor.fetchall())
            if found:
                rows[table] = found
            columns_of[table] = columns
    return rows, columns_of


class ShippedContent:
    """The rows ``load_content`` adds to the test database, taken from one real run.

    ``restore()`` adds them again, inside the caller's transaction, in a fraction of the time
    the command takes. The rows are only valid on the rows they were taken on: those of the
    tables they go to and of the tables they point to. When any of these differ (a transactional
    test has flushed the database, say), ``restore()`` runs ``load_content`` for real and takes
    the rows again.
    """

    def __init__(self):
        self.before = None
        self.added = {}
        self.depends_on = set()

    def _state(self, rows):
        return {table: rows.get(table) for table in self.depends_on}

    def restore(self):
        before, columns_of = _rows_of_every_table()
        if self.before is None or self._state(before) != self.before:
            call_command("load_content", verbosity=0)
            after, _ = _rows_of_every_table()
            removed = {t: rows - after.get(t, Counter()) for t, rows in before.items()}
            assert not any(removed.values()), f"load_content removed or changed rows: {removed}"
            self.added = {
                table: (columns_of[table], list((rows - before.get(table, Counter())).elements()))
                for table, rows in after.items()
                if rows != before.get(table)
            }
            with connection.cursor() as cursor:
                self.depends_on = set(self.added) | {
                    target
                    for table in self.added
                    for _, target in connection.introspection.get_relations(cursor, table).values()
                }
            self.before = self._state(before)
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table, (columns, rows) in self.added.items():
                if columns is None:
                    cursor.execute(
                        f"INSERT INTO {quote(table)} SELECT * FROM "  # noqa: S608
                        f"json_populate_recordset(NULL::{quote(table)}, %s)",
                        ["[" + ",".join(rows) + "]"],
                    )
                else:
                    names = ", ".join(quote(column) for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                        rows,
                    )
            if connection.vendor != "sqlite":  # ids taken by the rows are not handed out again
                models = [
                    model
                    for model in apps.get_models(include_auto_created=True)
                    if model._meta.db_table in self.added
                ]
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        # A content version number never comes round again (values kept in this process are keyed
        # by it): the restored content gets a new one, as each real load does.
        ContentVersion.bump()


@pytest.fixture(scope="session")
def shipped_content_rows():
    return ShippedContent()


@pytest.fixture(scope="module")
def shipped_content(django_db_setup, django_db_blocker, shipped_content_rows):
    """The content the portal ships (``load_content``), in the test database for the module.

    Loaded for real once a session and restored from its rows for each further module; rolled
    back after the module, so other modules start from an empty database again. Each test that
    uses it should run in its own savepoint (the ``db`` fixture). Tests of ``load_content``
    itself call the command instead.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        shipped_content_rows.restore()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def source(db):
    return baker.make("core.Source", slug="nrc", title="Dos and Don'ts", author="NRC", year=2026)


@pytest.fixture
def make_article(db, source):
    def make(**fields):
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(days=1))
        fields.setdefault("kind", "explainer")
        fields.setdefault("body", "Some **body** text.")
        article = baker.make("articles.Article", **fields)
        article.sources.add(source)
        return article

    return make


@pytest.fixture
def article(make_article):
    return make_article(title="Neutrality", slug="neutrality", kind="principle", position=2)


@pytest.fixture
def draft_article(make_article):
    return make_article(title="Unfinished", slug="unfinished", status=Status.DRAFT)


@pytest.fixture
def make_term(db, source):
    def make(**fields):
        fields.setdefault("definition", "A definition.")
        term = baker.make("glossary.Term", **fields)
        term.sources.add(source)
        return term

    return make


@pytest.fixture
def term(make_term):
    return make_term(
        term="International humanitarian law",
        slug="international-humanitarian-law",
        aliases="IHL, law of armed conflict",
        short_definition="The law that limits the effects of armed conflict.",
    )


@pytest.fixture
def course(db, source):
    course = baker.make(
        "courses.Course",
        title="Foundations",
        slug="foundations",
        status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
        description="About the course.",
    )
    for position in (1, 2):
        lesson = baker.make(
            "courses.Lesson",
            course=course,
            position=position,
            title=f"Lesson {position}",
            slug=f"lesson-{position}",
            body=f"Body of lesson {position}.",
        )
        lesson.sources.add(source)
    return course


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", password="a-long-test-password", email="root@example.org"
    )


@pytest.fixture
def trainee_factory(db, django_user_model):
    def make(username="trainee"):
        return django_user_model.objects.create_user(
            username=username, password="a-long-test-password", display_name=username.title()
        )

    return make


@pytest.fixture
def quiz(course):
    return add_quiz(course, "check-1", after_lesson=course.lessons.get(position=1))


@pytest.fixture
def final_quiz(course):
    return add_quiz(course, "final", questions=3)


@pytest.fixture
def trainee(db, django_user_model):
    return django_user_model.objects.create_user(
        username="amina", password="a-long-test-password", display_name="Amina K."
    )


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client
