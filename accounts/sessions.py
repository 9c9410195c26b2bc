"""Database sessions whose per-request read is a plain statement."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    """Django's database sessions: saving, expiry and logout are Django's own."""

    def load(self):
        # Read on every signed-in request, so a plain statement spares the ORM's work.
        connection = connections[router.db_for_read(self.model)]
        quote = connection.ops.quote_name
        query = (
            f"SELECT {quote('session_data')} FROM {quote(self.model._meta.db_table)}"  # noqa: S608
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(query, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
