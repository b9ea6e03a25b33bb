"""Encrypt what was stored in clear before 0015, and compute the keyed hashes and name tokens
that search and the duplicate check now read. Rows are done in batches, each committed on its
own (the migration is not atomic), and a row already encrypted is skipped: a run that stopped
half-way is simply run again. It needs FIELD_ENCRYPTION_KEYS and IDENTIFIER_HASH_KEY set (or
DEBUG for a demo). Stored documents are encrypted by `manage.py rotate_keys`, run once after
upgrading (docs/operations.md).
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


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("cases", "0015_encrypted_identifiers")]

    operations = [
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop, elidable=True),
    ]
