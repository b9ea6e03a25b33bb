"""On PostgreSQL, the trigram index the folded names had, now on the name tokens: a search for
a word (`name_tokens LIKE '% <hash> %'`) stays an index scan at 100,000 cases. SQLite, the
embedded default, has no pg_trgm; a scan there is fine at demo sizes."""

from django.db import migrations


def index_name_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_case_name_tokens_trgm "
        "ON cases_case USING gin (name_tokens gin_trgm_ops)"
    )


def drop_name_tokens_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_name_tokens_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_encrypt_existing_rows")]

    operations = [migrations.RunPython(index_name_tokens, drop_name_tokens_index)]
