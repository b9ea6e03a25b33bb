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
"""

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

CHECKING = False
SHAPES_KEPT = 128  # per connection and query; past that they are compiled again


class Compiled:
    def __init__(self, build: Callable[..., QuerySet], *, shaped: bool = False):
        self.build = build
        self.shaped = shaped
        self.arity = len(signature(build).parameters) - shaped
        if self.arity > len(STAND_INS):
            raise ValueError(f"at most {len(STAND_INS)} ids")
        self._by_connection = weakref.WeakKeyDictionary()

    @classmethod
    def by_shape(cls, build: Callable[..., QuerySet]) -> "Compiled":
        return cls(build, shaped=True)

    def __call__(self, *ids: int, shape=None) -> list:
        if len(ids) != self.arity or any(type(id_) is not int for id_ in ids):
            raise TypeError(f"{self.build.__qualname__} takes {self.arity} plain ints")
        if (shape is not None) != self.shaped:
            raise TypeError(f"{self.build.__qualname__} takes {'a' if self.shaped else 'no'} shape")
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.allow_thread_sharing:  # a test's server thread: the run is not its own
            return list(self._build_for(shape)(*ids))
        runs = self._by_connection.get(connection)
        if runs is None:
            runs = self._by_connection[connection] = {}
        run = runs.get(shape)
        if run is None:
            if len(runs) >= SHAPES_KEPT:
                runs.clear()
            build = self._build_for(shape)
            run = runs[shape] = _Run(build, self.arity, self.build.__qualname__)
        return run(ids)

    def _build_for(self, shape) -> Callable[..., QuerySet]:
        return partial(self.build, shape) if self.shaped else self.build


class _Run:
    """One connection's compiled query: used by the one thread that holds the connection."""

    def __init__(self, build, arity: int, name: str):
        self.build, self.name = build, name
        queryset = build(*STAND_INS[:arity])
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
        self.slots = [STAND_INS.index(p) if p in STAND_INS[:arity] else None for p in template]
        unplaced = [p for p, slot in zip(template, self.slots, strict=True) if slot is None]
        for i, stand_in in enumerate(map(str, STAND_INS[:arity])):
            if stand_in in self.sql or any(stand_in in repr(p) for p in unplaced):
                raise ValueError(f"{name}: id {i} is in the query other than as a parameter")
        self.template = template
        self.params = template
        # Django's iterable asks the query for a compiler, and the compiler for its SQL: this
        # query answers with the compiler already set up, and that with the SQL made above.
        compiler.as_sql = lambda *args, **kwargs: (self.sql, self.params)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        self.queryset = queryset

    def __call__(self, ids: tuple[int, ...]) -> list:
        if self.sql is not None:
            self.params = tuple(
                value if slot is None else ids[slot]
                for value, slot in zip(self.template, self.slots, strict=True)
            )
        if CHECKING:
            self.check(ids)
        if self.sql is None:
            return []
        return list(self.queryset._iterable_class(self.queryset))

    def check(self, ids: tuple[int, ...]) -> None:
        try:
            fresh = self.build(*ids).query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql()
        except EmptyResultSet:
            fresh = None
        if fresh != (None if self.sql is None else (self.sql, self.params)):
            raise AssertionError(
                f"{self.name} compiled once is not what it compiles to now:\n"
                f"{self.sql} {getattr(self, 'params', None)}\n{fresh}"
            )
