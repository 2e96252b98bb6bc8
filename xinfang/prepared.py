"""Querysets compiled once and run again with new values: the hot reads without the ORM's cost
of building and compiling the same query on every request.

``prepared_rows`` names its query with a *key* (everything that shapes the SQL: the user's
exclusion, a page size) and its *values* (an organ id, a day). The first run for a key builds
the queryset with marker values in place of the values, compiles it, and notes where each
marker landed among the parameters; later runs put the real values there and execute the
same SQL. Rows come back as the ORM's ``values_list`` would give them: each column goes
through the converters the compiler chose (dates, booleans, aware datetimes).

Values are integers (of columns wider than a small integer), strings, dates and datetimes
(what the hot reads vary by); a value the query does not carry as a parameter — say, inlined
into the SQL — is refused at the first run rather than silently frozen. The compiled
statements are kept per database connection (a connection object belongs to one thread), at
most ``CACHE_SIZE`` of them, least recently used dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet, MultipleObjectsReturned
from django.db import connections, router
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

CACHE_SIZE = 512
_CACHE_ATTR = "_xinfang_prepared"


@dataclass(frozen=True)
class _Compiled:
    """One compiled statement: ``sql`` None when the query can match nothing."""

    sql: str | None
    params: tuple[Any, ...]
    # (parameter position, value name)
    slots: tuple[tuple[int, str], ...]
    # the columns of a row when the SQL selects more (ordering by an expression)
    width: int | None
    # (column position, converters, the column's expression)
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


def _marker(position: int, value: Any) -> Any:
    """A value no real query uses, of the same type as ``value``."""
    if isinstance(value, bool):
        raise TypeError("a prepared value must not be a bool")
    if isinstance(value, int):
        # Within every integer column's range but a small one's: Django drops a comparison
        # with a value out of the column's range as always true or false.
        return 2_147_480_000 + position
    if isinstance(value, str):
        return f"\x00prepared:{position}"
    if isinstance(value, dt.datetime):
        return dt.datetime(1001 + position, 2, 3, 4, 5, 6, 789, tzinfo=value.tzinfo)
    if isinstance(value, dt.date):
        return dt.date(1001 + position, 2, 3)
    raise TypeError(f"a prepared value must be an int, str, date or datetime, not {value!r}")


def _adapt(connection: Any, value: Any) -> Any:
    """A value as the ORM passes it to the database (SQLite takes dates as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def prepared_rows(
    key: Hashable,
    build: Callable[..., QuerySet[Any, Any]],
    /,
    *,
    using: str = "default",
    **values: Any,
) -> list[tuple[Any, ...]]:
    """The rows of ``build(**values)`` (a ``values_list`` queryset), its SQL compiled once per
    ``key``. ``build`` is called only to compile, with markers in place of the values: the
    key must name everything else the queryset depends on (the read, the user's exclusion,
    a page size)."""
    connection = connections[using]
    cache: OrderedDict[Hashable, _Compiled] = connection.__dict__.setdefault(
        _CACHE_ATTR, OrderedDict()
    )
    full_key = (key, tuple(sorted(values)))
    compiled = cache.get(full_key)
    if compiled is None:
        compiled = _compile(connection, key, build, values)
        cache[full_key] = compiled
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(full_key)
    if compiled.sql is None:
        return []
    params = list(compiled.params)
    for position, name in compiled.slots:
        params[position] = _adapt(connection, values[name])
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.width is not None:
        rows = [row[: compiled.width] for row in rows]
    if not compiled.converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        cells = list(row)
        for position, functions, expression in compiled.converters:
            value = cells[position]
            for function in functions:
                value = function(value, expression, connection)
            cells[position] = value
        converted.append(tuple(cells))
    return converted


def _compile(
    connection: Any, key: Hashable, build: Callable[..., QuerySet[Any, Any]], values: dict[str, Any]
) -> _Compiled:
    markers = {name: _marker(n, value) for n, (name, value) in enumerate(sorted(values.items()))}
    compiler = build(**markers).query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(sql=None, params=(), slots=(), width=None, converters=())
    slots = []
    for name, marker in markers.items():
        adapted = _adapt(connection, marker)
        found = [(position, name) for position, param in enumerate(params) if param == adapted]
        if not found:
            raise ValueError(f"{name} is not a parameter of the query {key!r}")
        slots.extend(found)
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(columns)
    return _Compiled(
        sql=sql,
        params=tuple(params),
        slots=tuple(slots),
        width=compiler.col_count if compiler.has_extra_select else None,
        converters=tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in converters.items()
        ),
    )


def prepared_get(model: type[M], /, **lookups: Any) -> M | None:
    """The row of ``model`` matching ``lookups`` (``field=value``, ``field__gt=value``) built as
    the ORM builds it, or None: ``get`` for the reads every request makes (the session, the
    user), compiled once. More than one match is an error, as with ``get``."""
    using = router.db_for_read(model)
    names = [field.attname for field in model._meta.concrete_fields]
    rows = prepared_rows(
        ("get", model._meta.label),
        lambda **values: model._default_manager.filter(**values).values_list(*names)[:2],
        using=using,
        **lookups,
    )
    if not rows:
        return None
    if len(rows) > 1:
        raise MultipleObjectsReturned(f"more than one {model._meta.label} for {lookups}")
    return model.from_db(using, names, rows[0])
