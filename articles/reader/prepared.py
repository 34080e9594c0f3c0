"""Querysets compiled once per process and run again with new values: the hot reader pages'
queries cost their round trip, not the ORM's compilation.

A ``PreparedQuery`` is built from an ordinary queryset written with marker values (``Marker``)
where the request's values go. The first run compiles it; later runs bind the request's
values in the markers' places and turn rows into model instances the way the ORM does, with
``select_related`` and deferred fields. What it returns is what the queryset would return.

On PostgreSQL the statement is also prepared on the server, once per connection, so the
database plans it once instead of on every page (``NEWSROOM_PREPARED_STATEMENTS``; turn it
off behind a pooler that cannot keep prepared statements).
"""

import itertools
import threading
from datetime import UTC, datetime

import psycopg
from django.db import connections, router
from django.db.models.query import get_related_populators

from articles.conf import setting


class Marker:
    """A value that stands for a parameter while a queryset is compiled."""

    def __init__(self, name, value, adapt=None):
        self.name, self.value, self.adapt = name, value, adapt

    def bind(self, connection, value):
        return self.adapt(connection, value) if self.adapt else value


_unlikely_integers = itertools.count(-8_271_543_109, -1)


def id_marker(name):
    """A primary key (an integer no row has)."""
    return Marker(name, next(_unlikely_integers))


def instant_marker(name):
    """An aware datetime, adapted as the database adapts a DateTimeField's value."""
    return Marker(
        name,
        datetime(1903, 2, 1, 4, 5, 6, 789_012, tzinfo=UTC),
        adapt=lambda connection, value: connection.ops.adapt_datetimefield_value(value),
    )


class _Compiled:
    """One queryset's SQL, parameter slots and row-to-instance plan, for one connection."""

    def __init__(self, queryset, markers, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        adapted = {marker.bind(connection, marker.value): marker for marker in markers}
        self.slots = [(adapted.get(param), param) for param in params]
        missing = set(adapted) - set(params)
        if missing:
            raise ValueError(f"Markers not found in the compiled query: {missing}")
        self.compiler = compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.span = slice(start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        self.populators = get_related_populators(klass_info, select, connection.alias)
        self.converters = compiler.get_converters(
            [column[0] for column in select[: compiler.col_count]]
        )
        self.annotations = list(compiler.annotation_col_map.items())

    def params(self, connection, values):
        return [
            marker.bind(connection, values[marker.name]) if marker else param
            for marker, param in self.slots
        ]

    def run(self, connection, values):
        with _cursor(connection) as cursor:
            cursor.execute(self.sql, self.params(connection, values))
            return self.instances(connection, cursor.fetchall())

    def instances(self, connection, rows):
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        objects = []
        for row in rows:
            obj = self.model.from_db(connection.alias, self.init_list, row[self.span])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _prepares(connection):
    """Whether statements on ``connection`` are prepared on the server (PostgreSQL)."""
    if connection.vendor != "postgresql" or not setting("NEWSROOM_PREPARED_STATEMENTS"):
        return False
    # What Django's own cursors do first: a connection the server dropped (a restart) is
    # replaced before use, when CONN_HEALTH_CHECKS is on.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns automatic preparation off; its own cursors bind values on the client
        # and are never prepared, so this enables only the explicit preparation below.
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    return True


def _cursor(connection):
    """A cursor for statements run one by one: Django's, or on PostgreSQL (where this is
    only for tests and debugging, when Django logs queries) one whose statements the
    server prepares, wrapped by Django to log them."""
    if not _prepares(connection):
        return connection.cursor()
    return connection.make_debug_cursor(_PreparingCursor(connection.connection))


_ONLY_WHEN_ASKED = 2**31


class _PreparingCursor(psycopg.Cursor):
    """Binds values on the server and prepares each statement the first time it runs."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def fetch_together(*calls):
    """The instances each ``(query, values)`` of ``calls`` returns, in order; the queries of
    one database.

    On PostgreSQL, when Django logs no queries, the statements travel together in one
    round trip (psycopg's pipeline mode) and run in one implicit transaction, so they see
    one snapshot of the database; elsewhere they run one after another.
    """
    connection = calls[0][0].connection()
    if not _prepares(connection) or connection.queries_logged:
        return [query.compiled(connection).run(connection, values) for query, values in calls]
    compiled = [(query.compiled(connection), values) for query, values in calls]
    raw = connection.connection
    cursors = [_PreparingCursor(raw) for _ in compiled]
    with connection.wrap_database_errors:
        with raw.pipeline():
            for cursor, (query, values) in zip(cursors, compiled, strict=True):
                cursor.execute(query.sql, query.params(connection, values))
        rows = [cursor.fetchall() for cursor in cursors]
    for cursor in cursors:
        cursor.close()
    return [
        query.instances(connection, found) for (query, _), found in zip(compiled, rows, strict=True)
    ]


class PreparedQuery:
    """``build(**markers)`` returns a queryset of ``model``; ``fetch_together`` runs it with
    the request's values."""

    def __init__(self, model, build, *markers):
        self.model, self.build, self.markers = model, build, markers
        self._local = threading.local()  # connections are per thread, and so is what they compile

    def connection(self):
        return connections[router.db_for_read(self.model)]

    def compiled(self, connection):
        compiled = getattr(self._local, connection.alias, None)
        if compiled is None:
            queryset = self.build(**{marker.name: marker.value for marker in self.markers})
            compiled = _Compiled(queryset, self.markers, connection)
            setattr(self._local, connection.alias, compiled)
        return compiled
