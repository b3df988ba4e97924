"""Queries compiled once and run again with new values: the few that every request makes.

Django compiles a queryset to SQL anew each time it runs. For the queries behind every signed-in
request — the user, their second-factor device, the case or patient being read, checked against
what the person may see — compiling cost several times more than running them (bench_pages.py:
the permission query with its joins took 0.80 ms, of which 0.62 ms was building the SQL and the
column list; docs/performance.md). :class:`Prepared` builds such a queryset once per thread and
database connection with marker values in place of the real ones, finds where the markers landed
among the query's parameters, and from then on runs the same compiled statement with the real
values put in their place. The rows become model instances exactly as Django makes them
(``select_related`` included), because Django's own iterator reads them.

Only for querysets whose SQL does not depend on the values (``pk=…``, ``user_id=…``; never
``__in`` a list whose length varies): :meth:`Prepared._compile` refuses a queryset in which a
marker is missing or appears where it should not.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

_serial = itertools.count(1)


def _marker(field: models.Field[Any, Any]) -> Any:
    """A value of the field's type that no real row will have."""
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.IntegerField | models.AutoField):
        # Within a 32-bit column's range: PostgreSQL compiles an out-of-range integer lookup to
        # "no rows" instead of a parameter.
        return 2_000_000_000 + random.randrange(100_000_000)  # noqa: S311 — a marker
    if isinstance(field, models.CharField):
        return f"marker-{uuid.uuid4().hex}"
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2999, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
            microseconds=random.randrange(10**6)  # noqa: S311 — a marker
        )
    raise TypeError(f"no marker for {type(field).__name__}")


class Prepared:
    """``Prepared(build, field, …)``: ``build(*values)`` gives the queryset; each value goes into
    a lookup on the matching ``field`` (used to make a marker and to convert the real value)."""

    def __init__(
        self, build: Callable[..., QuerySet[Any]], *fields: models.Field[Any, Any]
    ) -> None:
        self.build = build
        self.fields = fields
        self.name = f"prepared-{next(_serial)}"
        self._local = threading.local()

    def _compile(self, alias: str) -> _State:
        connection = connections[alias]
        markers = [_marker(f) for f in self.fields]
        queryset = self.build(*markers)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        converted = [
            f.get_db_prep_value(m, connection, prepared=False)
            for f, m in zip(self.fields, markers, strict=True)
        ]
        positions = [[i for i, p in enumerate(params) if p == c] for c in converted]
        if any(not found for found in positions):
            raise ValueError(f"{self.name}: a value does not reach the SQL as a parameter")
        # The columns, and so the converters of their values, are the same at every run: work
        # them out once too (Django asks each column's field on every run).
        converters = compiler.get_converters(
            [s[0] for s in compiler.select[0 : compiler.col_count]]
        )
        compiler.get_converters = lambda expressions: converters
        models_of = _models(queryset, compiler, alias, converters)
        return queryset, compiler, sql, list(params), positions, models_of

    def _state(self, alias: str) -> _State:
        connection = connections[alias]
        cache: dict[Any, Any] = self._local.__dict__.setdefault("by_connection", {})
        key = (alias, id(connection))
        if key not in cache:
            cache[key] = self._compile(alias)
        state: _State = cache[key]
        return state

    def all(self, *values: Any, using: str = "default") -> list[Any]:
        """The rows for these values, as model instances."""
        queryset, compiler, sql, params, positions, models_of = self._state(using)
        connection = connections[using]
        run = list(params)
        for field, value, places in zip(self.fields, values, positions, strict=True):
            converted = field.get_db_prep_value(field.to_python(value), connection, prepared=False)
            for i in places:
                run[i] = converted
        if models_of is not None:
            return models_of.rows(connection, compiler, sql, run)
        compiler.as_sql = lambda *a, **k: (sql, tuple(run))
        fresh = queryset._chain()
        fresh.query.get_compiler = lambda *a, **k: compiler
        return list(fresh)

    def first(self, *values: Any, using: str = "default") -> Any:
        rows = self.all(*values, using=using)
        return rows[0] if rows else None


class _Models:
    """Rows made into model instances the way Django's ``ModelIterable`` makes them — the main
    model by ``from_db``, each ``select_related`` model by Django's own ``RelatedPopulator`` —
    with the column layout and the populators worked out once instead of on every run (half of
    a one-case read's ORM time; docs/performance.md)."""

    def __init__(
        self, queryset: QuerySet[Any], compiler: Any, alias: str, converters: dict[int, Any]
    ) -> None:
        klass_info, select = compiler.klass_info, compiler.select
        self.converters = converters
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, alias)
        self.annotations = list(compiler.annotation_col_map.items())
        self.alias = alias

    def rows(self, connection: Any, compiler: Any, sql: str, params: list[Any]) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(compiler.apply_converters(rows, self.converters))
        out = []
        for row in rows:
            obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            out.append(obj)
        return out


def _models(
    queryset: QuerySet[Any], compiler: Any, alias: str, converters: dict[int, Any]
) -> _Models | None:
    """The fast path for a plain model queryset; None (Django's iterator) for anything else —
    ``values()`` rows, prefetching, related managers' known objects."""
    if (
        queryset._iterable_class is not ModelIterable
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
        or compiler.klass_info is None
    ):
        return None
    return _Models(queryset, compiler, alias, converters)


_State = tuple[QuerySet[Any], Any, str, list[Any], list[list[int]], _Models | None]
