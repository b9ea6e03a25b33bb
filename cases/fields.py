"""Columns of the case models that are computed, never typed."""

from django.db import models

from coalition.crypto import DerivedField

from .text import name_token_hashes


class NameTokensField(DerivedField, models.TextField):
    """The keyed hashes of the folded words of some name fields, space-separated with a space
    at each end, so that `contains=" <hash> "` finds a row whose name has that word. The names
    themselves are encrypted; this is what name search reads (cases/queries.py). Exact words
    only: a hash tells nothing about a prefix or a part of a word."""

    def __init__(self, *args, of: tuple[str, ...], **kwargs):
        self.of = tuple(of)
        self.derived_from = self.of
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = list(self.of)
        return name, path, args, kwargs

    def derive(self, instance) -> str:
        text = " ".join(getattr(instance, source) or "" for source in self.of)
        hashes = name_token_hashes(text)
        return f" {' '.join(hashes)} " if hashes else ""
