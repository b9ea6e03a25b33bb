"""Encrypt what was stored in clear before 0015, and compute the keyed hashes and name tokens
that search and the duplicate check now read. Rows are done in batches and a row already
encrypted is skipped, so the migration is safe to run on any size of database (it needs
FIELD_ENCRYPTION_KEYS and IDENTIFIER_HASH_KEY set, or DEBUG for a demo). Stored documents are
encrypted by `manage.py rotate_keys`, run once after upgrading (docs/operations.md).

On PostgreSQL, the name tokens get the trigram index the folded names had, so that a search
for a word stays an index scan at 100,000 cases.
"""

from django.db import migrations

from coalition.key_rotation import reencrypt_rows, rederive_rows

MODELS = (
    "Case",
    "Note",
    "Document",
    "CaseChange",
    "ConsentEvent",
    "Perpetrator",
    "CaseEvent",
    "SmugglingRecord",
    "IdentityDocument",
    "Accused",
)


def encrypt_existing(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("cases", name)
        reencrypt_rows(model)
        rederive_rows(model)


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
    dependencies = [("cases", "0015_encrypted_identifiers")]

    operations = [
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(index_name_tokens, drop_name_tokens_index),
    ]
