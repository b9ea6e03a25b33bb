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


@NameTokensField.register_lookup
class HasEveryWord(models.Lookup):
    """`name_tokens__has_every_word=[hash, ...]`: rows whose name has every one of these words.

    On PostgreSQL the stored list is read as an array, which the GIN index of migration 0020
    answers exactly, one posting list per word (a trigram index had to intersect sixteen per
    word and recheck). Elsewhere (SQLite, the demo) one LIKE per word, as before."""

    lookup_name = "has_every_word"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        words = list(self.rhs)
        matches = " AND ".join(f"{column} LIKE %s" for _ in words)
        return f"({matches})", [*params, *(f"% {word} %" for word in words)]

    def as_postgresql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        # The same expression as the index's, or the planner cannot use it.
        return f"string_to_array(btrim({column}), ' ') @> %s::text[]", [*params, list(self.rhs)]
