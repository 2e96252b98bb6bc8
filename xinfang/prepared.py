"""Querysets compiled once and run again with new values: the hot reads without the ORM's cost
of building and compiling the same query on every request.

``prepared_rows`` names its query with a *key* (everything that shapes the SQL: the user's
exclusion, a page size) and its *values* (an organ id, a day). The first run for a key builds
the queryset twice with two sets of marker values in place of the values and compiles both;
the parameters that differ are where the values go. Later runs put the real values there, as
the ORM would bind them, and execute the same SQL. Rows come back as the ORM's ``values_list``
would give them: each column goes through the converters the compiler chose (dates,
booleans, aware datetimes, JSON).

Values are integers, strings, dates and aware datetimes (what the hot reads vary by), or
lists of them (``pk__in``: one statement per length). A value
the query writes into its SQL, changes before binding (``iexact`` escaping, ``contains``
wrapping) or that a constant of the query happens to equal is refused at the first run rather
than run wrongly; a query the markers compile to nothing (an integer marker outside a small
column's range) runs as a plain queryset every time. The compiled statements are kept per
database connection (a connection object belongs to one thread), at most ``CACHE_SIZE`` of
them, least recently used dropped.
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
    """One compiled statement; ``sql`` None when it cannot be prepared (the query compiled
    with markers matches nothing, as a comparison out of a small column's range does): the
    queryset is then built and run with the real values every time."""

    sql: str | None
    params: tuple[Any, ...]
    # (parameter position, value name, index in a sequence value or None)
    slots: tuple[tuple[int, str, int | None], ...]
    # the columns of a row when the SQL selects more (ordering by an expression)
    width: int | None
    # (column position, converters, the column's expression)
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


_UNPREPARED = _Compiled(sql=None, params=(), slots=(), width=None, converters=())


def _marker(position: int, value: Any, *, second: bool = False) -> Any:
    """A value no real query uses, of the same type as ``value``; ``second`` gives another.

    Strings carry ``%`` and ``_``: a lookup that escapes or wraps its value (``iexact``,
    ``contains``) then binds something else than the marker, and the read is refused."""
    n = position + (500 if second else 0)
    if isinstance(value, bool):
        raise TypeError("a prepared value must not be a bool")
    if isinstance(value, int):
        # Within every integer column's range but a small one's: Django drops a comparison
        # with a value out of the column's range as always true or false.
        return 2_147_480_000 + n
    if isinstance(value, str):
        return f"\x00prepared%_:{n}"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError("a prepared datetime must be aware")
        return dt.datetime(1001 + n, 2, 3, 4, 5, 6, 789, tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.date(1001 + n, 2, 3)
    raise TypeError(f"a prepared value must be an int, str, date or datetime, not {value!r}")


def _beyond_int32(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not -(2**31) <= value < 2**31


def _adapt(connection: Any, value: Any) -> Any:
    """A value as the ORM passes it to the database (SQLite takes dates as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


Scalar = tuple[str, int | None]  # a value's name, and its index when the value is a sequence


def _scalars(values: dict[str, Any]) -> dict[Scalar, Any]:
    """The values one by one: a list or tuple (``pk__in=ids``) gives each of its items."""
    found: dict[Scalar, Any] = {}
    for name in sorted(values):
        value = values[name]
        if isinstance(value, list | tuple):
            found.update(((name, index), item) for index, item in enumerate(value))
        else:
            found[(name, None)] = value
    return found


def _shape(values: dict[str, Any]) -> tuple[Any, ...]:
    """What the SQL depends on of the values themselves: their names, types and lengths."""
    return tuple(
        (name, len(value), *(type(item).__name__ for item in value))
        if isinstance(value, list | tuple)
        else (name, type(value).__name__)
        for name, value in sorted(values.items())
    )


def _rebuilt(values: dict[str, Any], scalars: dict[Scalar, Any]) -> dict[str, Any]:
    """``values`` with each scalar replaced by the one ``scalars`` holds in its place."""
    return {
        name: [scalars[(name, index)] for index in range(len(value))]
        if isinstance(value, list | tuple)
        else scalars[(name, None)]
        for name, value in values.items()
    }


def prepared_rows(
    key: Hashable,
    build: Callable[..., QuerySet[Any, Any]],
    /,
    *,
    using: str = "default",
    **values: Any,
) -> list[tuple[Any, ...]]:
    """The rows of ``build(**values)`` (a ``values_list`` queryset), its SQL compiled once per
    ``key``. ``build`` is called to compile, with markers in place of the values (and with
    the values themselves when the markers compile to nothing): the key must name everything
    else the queryset depends on (the read, the user's exclusion, a page size). A value may
    be a list of such values (``pk__in``): the statement is compiled once per length."""
    scalars = _scalars(values)
    if any(_beyond_int32(value) for value in scalars.values()):
        # Bad input, most likely (an id no table reaches): the ORM decides what a comparison
        # with a value out of a column's range means, where binding it would fail.
        return [tuple(row) for row in build(**values).using(using)]
    connection = connections[using]
    cache: OrderedDict[Hashable, _Compiled] = connection.__dict__.setdefault(
        _CACHE_ATTR, OrderedDict()
    )
    full_key = (key, _shape(values))
    compiled = cache.get(full_key)
    if compiled is None:
        compiled = _compile(connection, key, build, values)
        cache[full_key] = compiled
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(full_key)
    if compiled.sql is None:
        return [tuple(row) for row in build(**values).using(using)]
    params = list(compiled.params)
    for position, name, index in compiled.slots:
        params[position] = _adapt(connection, scalars[(name, index)])
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
    """Compile ``build`` twice, with two sets of markers: the parameters that differ are the
    values' slots, each holding its marker as the ORM would bind it. A value inlined into the
    SQL, transformed before binding, or a constant that happens to equal a marker is caught
    here, not run with the wrong value."""
    scalars = list(_scalars(values).items())
    first = {slot: _marker(n, value) for n, (slot, value) in enumerate(scalars)}
    second = {slot: _marker(n, value, second=True) for n, (slot, value) in enumerate(scalars)}
    compiler = build(**_rebuilt(values, first)).query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
        other = build(**_rebuilt(values, second)).query.get_compiler(connection=connection)
        other_sql, other_params = other.as_sql()
    except EmptyResultSet:
        return _UNPREPARED
    if sql != other_sql or len(params) != len(other_params):
        raise ValueError(f"a value is written into the SQL of {key!r}, not bound")
    expected = {
        slot: (_adapt(connection, first[slot]), _adapt(connection, second[slot]))
        for slot, _value in scalars
    }
    slots = []
    for position, pair in enumerate(zip(params, other_params, strict=True)):
        if pair[0] == pair[1]:
            continue
        owner = next((slot for slot, markers in expected.items() if markers == pair), None)
        if owner is None:
            raise ValueError(f"a value of {key!r} is changed before it is bound")
        slots.append((position, *owner))
    for name, index in expected:
        if not any(slot[1:] == (name, index) for slot in slots):
            where = name if index is None else f"{name}[{index}]"
            raise ValueError(f"{where} is not a parameter of the query {key!r}")
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
