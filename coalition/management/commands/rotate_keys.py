"""Put every encrypted value and document under the current key (the first of
FIELD_ENCRYPTION_KEYS), and with --rehash recompute the keyed hashes and name tokens under the
current IDENTIFIER_HASH_KEY. See docs/operations.md for the whole procedure."""

from django.apps import apps
from django.core.management.base import BaseCommand

from coalition.crypto import keyring
from coalition.crypto import new_key as generate_key
from coalition.key_rotation import BATCH, rederive_rows, reencrypt_files, reencrypt_rows


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column and stored document with the current key, in "
        "batches; safe to stop and run again. --rehash also recomputes the keyed hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="Also recompute the keyed hashes and name tokens (after IDENTIFIER_HASH_KEY "
            "changed).",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH)
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new random key and do nothing else."
        )

    def handle(self, *args, rehash: bool, batch_size: int, new_key: bool, **options):
        if new_key:
            self.stdout.write(generate_key())
            return
        self.stdout.write(f"Current key: {keyring().current_id}")
        steps = [("re-encrypted", reencrypt_rows), ("files re-encrypted", reencrypt_files)]
        if rehash:
            steps.append(("re-hashed", rederive_rows))
        for model in apps.get_models():
            for what, step in steps:
                counts = step(model, batch_size)
                if counts.rows:
                    self.stdout.write(
                        f"{model._meta.label}: {counts.changed} of {counts.rows} {what}"
                    )
        self.stdout.write(self.style.SUCCESS("Done."))
