"""Bringing members' spreadsheets in: the kinds of import the apps register, and the runner that
stores the file, previews it in a dry run and applies it in one transaction (runner.py).

The kernel knows no app: members and cases register their kinds (the resource, who may import,
into which organisation) in their AppConfig.ready.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class ImportKind:
    kind: str
    title: Promise
    intro: Promise
    resource: type  # a coalition.imports.resources.SpreadsheetResource
    # Whether the user may import this kind, and into which organisation (their own, always).
    may_import: Callable
    example_rows: list[list[str]] = field(default_factory=list)


REGISTRY: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    REGISTRY[kind.kind] = kind


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in REGISTRY.values() if kind.may_import(user)]
