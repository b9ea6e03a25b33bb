"""Restore a backup into an empty database and documents folder (see coalition/backup.py)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coalition.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the (empty) database and documents folder, check it against "
        "its manifest, and optionally grant the application's role its rights."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A coalition-<time> folder from `backup`.")
        parser.add_argument(
            "--grant-to", default="", help="The application's database role (grant_app_role)."
        )

    def handle(self, *args, folder: Path, grant_to: str, **options):
        try:
            manifest = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {rows} rows in "
            f"{len(manifest['row_counts'])} tables and {len(manifest['documents'])} documents, "
            "all matching the manifest."
        )
        if grant_to:
            call_command("grant_app_role", grant_to, stdout=self.stdout)
