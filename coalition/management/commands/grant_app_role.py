"""Give the application's database role what it needs to work, and no more.

The tables belong to the migration role (the one `migrate` connects as). The application
connects as another role that may read and write rows but owns nothing: it cannot alter, drop or
truncate a table, nor switch off a trigger, so the access log's append-only trigger holds even
against the application itself. On the access log and its daily seals it may only read and add
rows.

Run it after every `migrate`, connected as the migration role: new tables get their grants then.
Running it twice changes nothing.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

# Tables the application may read and append to, never change.
APPEND_ONLY_TABLES = ("coalition_accesslog", "coalition_accesslogseal")
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(role: str, database: str) -> list[str]:
    quote = connection.ops.quote_name
    role, database = quote(role), quote(database)
    statements = [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE CREATE ON SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    statements += [
        f"REVOKE UPDATE, DELETE ON {quote(table)} FROM {role}" for table in APPEND_ONLY_TABLES
    ]
    return statements


class Command(BaseCommand):
    help = (
        "Grant the application's database role row access to every table (read and append only "
        "on the access log). Run after migrate, as the role that owns the tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the application connects as (DATABASE_URL).")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL feature; this database has none.")
        if not ROLE_NAME.match(role):
            raise CommandError(f"{role!r} is not a plain role name (lower case, digits, _).")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper OR rolbypassrls, current_user = rolname FROM pg_roles "
                "WHERE rolname = %s",
                [role],
            )
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"There is no database role {role!r}: create it first.")
            privileged, is_me = found
            if privileged or is_me:
                raise CommandError(
                    f"{role!r} is a superuser or the role running this command: the application "
                    "needs a role of its own that owns no table."
                )
            cursor.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s",
                [role],
            )
            if cursor.fetchone()[0]:
                raise CommandError(
                    f"{role!r} owns tables: give them to the migration role first "
                    f"(REASSIGN OWNED BY {role} TO <migration role>)."
                )
            with transaction.atomic():
                for statement in grant_statements(role, connection.settings_dict["NAME"]):
                    cursor.execute(statement)
        self.stdout.write(f"Granted row access to {role} (append-only on the access log).")
