"""
A ceiling on the database time of every reader request.

A reader's request must never hold a worker for long: a search for a word in every
story, a crawler on a deep page or anyone hammering the site would otherwise take the
workers one by one. ``ReaderTimeLimitMiddleware`` limits each SQL statement of the
reader's site (the ``articles`` URL namespace) to ``NEWSROOM_READER_STATEMENT_TIMEOUT``
seconds; a statement that runs longer is cancelled by the database and the reader gets
the "busy, try again" page (503 with ``Retry-After``) instead of a 500 or a killed
worker. The admin, management commands and anything outside the namespace run without
the limit.

On PostgreSQL the limit is the session's ``statement_timeout``. A worker's connection keeps
it from one reader request to the next, so that a busy site does not pay two round trips a
page for it; a request outside the namespace lifts it before its view runs (inside a
transaction, as in tests, it is set and reset around each request). On SQLite a progress
handler interrupts a statement past its deadline, for the request only. Both are set on the
driver's connection rather than run as queries of the page: the query budgets count what a
page reads.
"""

import sqlite3
import time
import weakref
from contextlib import contextmanager

from django.db import DatabaseError, connection

from articles.conf import setting
from articles.reader import errors

READER_NAMESPACE = "articles"
# The SQLite progress handler runs every this many virtual-machine instructions.
SQLITE_CHECK_EVERY = 10_000

# PostgreSQL connections holding a reader's statement_timeout (milliseconds) between requests.
_kept_limits = weakref.WeakKeyDictionary()


def reader_statement_timeout():
    """Seconds a reader's SQL statement may run; 0 turns the limit off."""
    return float(setting("NEWSROOM_READER_STATEMENT_TIMEOUT") or 0)


def is_statement_timeout(exception):
    """Whether a database error is a statement cancelled by the time limit."""
    if not isinstance(exception, DatabaseError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return str(cause) == "interrupted"
    try:
        from psycopg import errors as pg_errors
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(cause, pg_errors.QueryCanceled)


@contextmanager
def statement_timeout(seconds):
    """Every statement on the default connection inside the block is cut off after ``seconds``."""
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        milliseconds = max(1, round(seconds * 1000))
        if not connection.in_atomic_block:
            if _kept_limits.get(raw) != milliseconds:
                raw.execute(f"SET statement_timeout = {milliseconds}")
                _kept_limits[raw] = milliseconds
            yield
            return
        raw.execute(f"SET statement_timeout = {milliseconds}")
        try:
            yield
        finally:
            _kept_limits.pop(raw, None)
            _reset_postgresql(raw)
    elif connection.vendor == "sqlite":
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_CHECK_EVERY)
        try:
            yield
        finally:
            raw.set_progress_handler(None, SQLITE_CHECK_EVERY)
    else:
        yield


def lift():
    """End a limit the connection kept from an earlier reader request."""
    raw = connection.connection
    if connection.vendor == "postgresql" and raw is not None and _kept_limits.pop(raw, None):
        _reset_postgresql(raw)


def _reset_postgresql(raw):
    from psycopg import errors as pg_errors

    try:
        raw.execute("RESET statement_timeout")
    except pg_errors.InFailedSqlTransaction:
        # The statement failed inside a transaction (as in tests); rolling it back
        # restores the setting.
        pass


class ReaderTimeLimitMiddleware:
    """Runs reader views under the statement time limit; a cancelled statement is a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.statement_time_limit = None
        try:
            return self.get_response(request)
        finally:
            if request.statement_time_limit is not None:
                request.statement_time_limit.__exit__(None, None, None)

    def process_view(self, request, view_func, view_args, view_kwargs):
        seconds = reader_statement_timeout()
        if seconds and request.resolver_match.namespace == READER_NAMESPACE:
            request.statement_time_limit = statement_timeout(seconds)
            request.statement_time_limit.__enter__()
        else:
            lift()

    def process_exception(self, request, exception):
        if request.statement_time_limit is not None and is_statement_timeout(exception):
            return errors.busy(request)
        return None
