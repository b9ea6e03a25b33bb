"""Make the access log append-only in the database itself.

On PostgreSQL a row UPDATE or DELETE raises. TRUNCATE is left to the database owner (the test
runner's flush uses it). On SQLite, the development database, UPDATE raises; DELETE is left
for the same reason and refused by the model instead.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION coalition_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'coalition_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER coalition_accesslog_no_update BEFORE UPDATE OR DELETE ON coalition_accesslog
    FOR EACH ROW EXECUTE FUNCTION coalition_accesslog_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS coalition_accesslog_no_update ON coalition_accesslog;
DROP FUNCTION IF EXISTS coalition_accesslog_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER coalition_accesslog_no_update BEFORE UPDATE ON coalition_accesslog
    BEGIN SELECT RAISE(ABORT, 'coalition_accesslog is append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS coalition_accesslog_no_update;",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("coalition", "0001_access_log")]

    operations = [migrations.RunPython(install, uninstall)]
