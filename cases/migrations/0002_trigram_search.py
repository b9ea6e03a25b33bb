"""Trigram indexes for the case search box (name, alias and case number fragments) on PostgreSQL.

SQLite, the embedded default, has no pg_trgm; a `LIKE '%x%'` scan there is fine at demo sizes.
"""

from django.db import migrations

INDEXES = {
    "cases_case_search_name_trgm": "search_name",
    "cases_case_number_trgm": "number",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
