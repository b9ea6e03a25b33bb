"""A stored report's files, written so that no one ever sees half of them.

Each build writes under a temporary name of its own (`.<name>.<claim>.part`) in the report's
folder of the private storage, and only once every file is complete moves them all to their
real names with os.replace, which is atomic. A build whose worker died leaves only .part files,
which the next build of the report deletes before it starts.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage

PART = ".part"


class BuildFolder:
    def __init__(self, report_id: int, claim: str):
        self.relative = f"reports/{report_id}"
        self.path = Path(default_storage.path(self.relative))
        self.claim = claim
        self.parts: dict[str, str] = {}  # file key -> final name

    def clear_partial(self) -> None:
        """Delete what unfinished builds of this report left (theirs or this one's)."""
        if self.path.is_dir():
            for leftover in self.path.glob(f".*{PART}"):
                leftover.unlink(missing_ok=True)

    def _part(self, name: str) -> Path:
        return self.path / f".{name}.{self.claim}{PART}"

    def write(self, key: str, name: str, content: bytes) -> None:
        if "/" in name or name.startswith("."):
            raise ValueError(f"Not a plain file name: {name!r}")
        self.path.mkdir(parents=True, exist_ok=True)
        part = self._part(name)
        with open(part, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(part, settings.FILE_UPLOAD_PERMISSIONS or 0o600)
        self.parts[key] = name

    def publish(self) -> dict[str, str]:
        """Move every written file to its real name; returns file key -> storage name."""
        for name in self.parts.values():
            os.replace(self._part(name), self.path / name)
        return {key: f"{self.relative}/{name}" for key, name in self.parts.items()}

    def discard(self) -> None:
        for name in self.parts.values():
            self._part(name).unlink(missing_ok=True)
        self.parts.clear()
