"""Back up the database and the documents together (see coalition/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coalition.backup import BackupError, documents_root, load_manifest, make_backup, prune


class Command(BaseCommand):
    help = "Save the database and the documents folder into a new, checksummed backup folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, default=None, help="Where to write (default: BACKUP_ROOT)."
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="Then delete all but the newest N backups."
        )

    def handle(self, *args, to: Path | None, keep: int, **options):
        target = to or Path(settings.BACKUP_ROOT)
        try:
            folder = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {folder}")
        for old in prune(target, keep):
            self.stdout.write(f"Deleted the older backup {old}")
        missing = load_manifest(folder)["missing_documents"]  # just written: no need to re-hash
        if missing:
            raise CommandError(
                f"The backup is written, but {len(missing)} stored documents that the database "
                f"names are not in the documents folder ({documents_root()}), so it does not "
                f"hold them: {', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}. "
                "They are listed in its manifest.json under missing_documents."
            )
