"""Check the collected static files the way production serves them, before anyone asks.

With the manifest storage (DEBUG off), a `{% static %}` name missing from the manifest makes
every page that uses it answer 500. The image runs this after `collectstatic`, so such a build
fails instead of shipping.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.template.utils import get_app_template_dirs

STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def template_references() -> set[str]:
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [Path(d) for d in get_app_template_dirs("templates")]
    names = set()
    for folder in dirs:
        for template in folder.rglob("*.html"):
            names.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return names


def source_files() -> set[str]:
    names = set()
    for folder in map(Path, settings.STATICFILES_DIRS):
        names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return names


class Command(BaseCommand):
    help = "Check every static file and every {% static %} name resolves in the manifest."

    def handle(self, *args, **options):
        if not isinstance(staticfiles_storage, ManifestFilesMixin):
            raise CommandError("Run with production settings (DEBUG off): no manifest to check.")
        missing = []
        names = template_references() | source_files()
        for name in sorted(names):
            try:
                stored = staticfiles_storage.stored_name(name)
            except ValueError:
                missing.append(name)
                continue
            if not Path(staticfiles_storage.path(stored)).is_file():
                missing.append(name)
        if missing:
            raise CommandError("Not collected: " + ", ".join(missing))
        self.stdout.write(f"{len(names)} static files resolve through the manifest.")
