"""Queries whose SQL never changes but for some ids: compiled once per database connection.

Django builds a queryset and compiles it to SQL each time it runs. For a query every page makes
(the signed-in user with their staff record and the access version) that was about 0.4 ms of
CPU a page, more than PostgreSQL spends answering it. A query whose shape the code fixes, where
only some ids differ from one run to the next, is built and compiled here once per connection
with stand-in ids no row holds (the trick coalition/reversing.py plays on URLs). Each run then
puts its own ids where the stand-ins were in the parameters and reads the rows through the
queryset's own iterable, so they come back as the queryset would give them (select_related,
annotations, the execute wrappers that count and time queries).

`build` may depend on its arguments only, each an int compared as a plain value: anything else
it reads (the time, the language, a setting) would stay as it was at the first run. A query
whose conditions also depend on something else (what a person may read of a case) is built by
`Compiled.by_shape`: `build(shape, *ids)`, compiled once per connection and shape, where the
shape is a hashable value holding all the query reads besides the ids. The tests turn
`CHECKING` on: each run then also builds and compiles the query afresh and fails when the two
differ.

A run may also take texts (a search's words): each is compiled as a stand-in text and put in
place of it wherever the parameters hold it, whole or inside a longer one (a LIKE pattern), so
a text is taken only where the query places it unchanged: the caller checks that (a LIKE
lookup escapes `%`, `_` and `\\`, so text holding none of them). A build that takes `*texts`
takes up to eight, their number part of what it is compiled for.
"""

import re
import weakref
from collections.abc import Callable
from functools import partial
from inspect import signature

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# In place of the ids at compile time: within a 32-bit column's range, which Django checks
# (a larger number makes the lookup match nothing and leaves no parameter to find).
STAND_INS = tuple(2_046_813_579 + i for i in range(8))
# In place of the texts: upper-case letters only, so an upper-cased or escaped copy is the same.
STAND_IN_TEXTS = tuple(f"QZXSTANDIN{chr(65 + i)}XZQ" for i in range(8))
MOST_TEXTS = len(STAND_IN_TEXTS)

CHECKING = False
SHAPES_KEPT = 128  # per connection and query; past that they are compiled again
TEXTS = object()  # a parameter's slot: it holds stand-in texts


class Compiled:
    def __init__(self, build: Callable[..., QuerySet], *, shaped: bool = False):
        self.build = build
        self.shaped = shaped
        parameters = list(signature(build).parameters.values())[shaped:]
        self.arity = (
            None if any(p.kind is p.VAR_POSITIONAL for p in parameters) else len(parameters)
        )
        if (self.arity or 0) > len(STAND_INS):
            raise ValueError(f"at most {len(STAND_INS)} ids")
        self._by_connection = weakref.WeakKeyDictionary()

    @classmethod
    def by_shape(cls, build: Callable[..., QuerySet]) -> "Compiled":
        return cls(build, shaped=True)

    def __call__(self, *ids: int | str, shape=None) -> list:
        if self.arity is None:
            if len(ids) > MOST_TEXTS or any(type(text) is not str for text in ids):
                raise TypeError(f"{self.build.__qualname__} takes up to {MOST_TEXTS} texts")
        elif len(ids) != self.arity or any(type(id_) is not int for id_ in ids):
            raise TypeError(f"{self.build.__qualname__} takes {self.arity} plain ints")
        if (shape is not None) != self.shaped:
            raise TypeError(f"{self.build.__qualname__} takes {'a' if self.shaped else 'no'} shape")
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.allow_thread_sharing:  # a test's server thread: the run is not its own
            return list(self._build_for(shape)(*ids))
        runs = self._by_connection.get(connection)
        if runs is None:
            runs = self._by_connection[connection] = {}
        key = shape if self.arity is not None else (shape, len(ids))
        run = runs.get(key)
        if run is None:
            if len(runs) >= SHAPES_KEPT:
                runs.clear()
            build = self._build_for(shape)
            texts = self.arity is None
            run = runs[key] = _Run(build, len(ids), self.build.__qualname__, texts=texts)
        return run(ids)

    def _build_for(self, shape) -> Callable[..., QuerySet]:
        return partial(self.build, shape) if self.shaped else self.build


class _Run:
    """One connection's compiled query: used by the one thread that holds the connection."""

    def __init__(self, build, arity: int, name: str, *, texts: bool = False):
        self.build, self.name = build, name
        self.stand_ins = STAND_IN_TEXTS[:arity] if texts else STAND_INS[:arity]
        queryset = build(*self.stand_ins)
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled query cannot prefetch")
        if queryset.db != DEFAULT_DB_ALIAS:
            raise ValueError("compiled queries run on the default database")
        compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
        try:
            self.sql, template = compiler.as_sql()
        except EmptyResultSet:  # matches nothing whatever the ids: Django asks no query either
            self.sql = None
            return
        # An id the query does not ask for (a rule that needs no organisation) has no slot.
        if texts:
            self.texts = re.compile("|".join(self.stand_ins)) if self.stand_ins else None
            self.slots = [TEXTS if self._holds_texts(p) else None for p in template]
        else:
            self.slots = [
                self.stand_ins.index(p) if p in self.stand_ins else None for p in template
            ]
        unplaced = [p for p, slot in zip(template, self.slots, strict=True) if slot is None]
        for i, stand_in in enumerate(map(str, self.stand_ins)):
            if stand_in in self.sql or any(stand_in in repr(p) for p in unplaced):
                raise ValueError(f"{name}: id {i} is in the query other than as a parameter")
        self.template = template
        self.params = template
        # Django's iterable asks the query for a compiler, and the compiler for its SQL: this
        # query answers with the compiler already set up, and that with the SQL made above.
        compiler.as_sql = lambda *args, **kwargs: (self.sql, self.params)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        self.queryset = queryset

    def __call__(self, ids: tuple[int | str, ...]) -> list:
        if self.sql is not None:
            self.params = tuple(
                value
                if slot is None
                else self._with_texts(value, ids)
                if slot is TEXTS
                else ids[slot]
                for value, slot in zip(self.template, self.slots, strict=True)
            )
        if CHECKING:
            self.check(ids)
        if self.sql is None:
            return []
        return list(self.queryset._iterable_class(self.queryset))

    def _holds_texts(self, param) -> bool:
        if isinstance(param, str):
            return self.texts is not None and self.texts.search(param) is not None
        return isinstance(param, list | tuple) and any(self._holds_texts(p) for p in param)

    def _with_texts(self, param, texts: tuple[str, ...]):
        """`param` with each stand-in text replaced by its text, in one pass: a text that holds
        a stand-in's letters is not read again."""
        if isinstance(param, str):
            return self.texts.sub(lambda found: texts[self.stand_ins.index(found[0])], param)
        return type(param)(self._with_texts(p, texts) for p in param)

    def check(self, ids: tuple[int | str, ...]) -> None:
        try:
            fresh = self.build(*ids).query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()
        except EmptyResultSet:
            fresh = None
        if fresh != (None if self.sql is None else (self.sql, self.params)):
            raise AssertionError(
                f"{self.name} compiled once is not what it compiles to now:\n"
                f"{self.sql} {getattr(self, 'params', None)}\n{fresh}"
            )
