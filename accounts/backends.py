from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from accounts.models import User


class AccountBackend(ModelBackend):
    """Django's model backend; only the read of the signed-in user differs."""

    def get_user(self, user_id):
        # Read on every signed-in request, so a plain statement and the fields' own converters
        # spare the ORM's work of building the query.
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        using = router.db_for_read(User)
        connection = connections[using]
        quote = connection.ops.quote_name
        fields = User._meta.concrete_fields
        query = (
            f"SELECT {', '.join(quote(field.column) for field in fields)}"  # noqa: S608
            f" FROM {quote(User._meta.db_table)} WHERE {quote(User._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for field, value in zip(fields, row, strict=True):
            column = field.get_col(User._meta.db_table)
            for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
                connection
            ):
                value = convert(value, column, connection)
            values.append(value)
        user = User.from_db(using, [field.attname for field in fields], values)
        return user if self.user_can_authenticate(user) else None
