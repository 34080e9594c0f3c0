"""
Change list pages for tables of newsroom size.

Counting 100,000 stories for the page links costs PostgreSQL tens of milliseconds on every
visit to the list. The unfiltered list of a large table takes the planner's estimate
instead (``pg_class.reltuples``, kept current by autovacuum); a filtered list, a search,
a small table, or another database is counted exactly; a search counts up to
``SEARCH_COUNT_LIMIT`` matches.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

ESTIMATE_FROM = 10_000
SEARCH_COUNT_LIMIT = 2000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self):
        estimate = self._estimate()
        return estimate if estimate is not None else super().count

    def _estimate(self):
        rows = self.object_list
        if not isinstance(rows, QuerySet) or rows.query.where or rows.query.distinct:
            return None
        connection = connections[rows.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                [connection.ops.quote_name(rows.model._meta.db_table)],
            )
            found = cursor.fetchone()
        estimate = found[0] if found else None
        return estimate if estimate is not None and estimate >= ESTIMATE_FROM else None


class SearchCountPaginator(EstimatedCountPaginator):
    """
    For a search: counts stop at SEARCH_COUNT_LIMIT matches, so that a word in a third of
    the headlines does not cost a count of tens of thousands of rows on every page. The
    list then has that many matches' pages, the newest first, and says there are more
    (``capped``, read by the article list's templates); a narrower search finds the rest.
    """

    @cached_property
    def counted(self):
        """Matches counted, one past the limit at most; None for a list that is not a query."""
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return None
        return rows.order_by()[: SEARCH_COUNT_LIMIT + 1].count()

    @cached_property
    def count(self):
        if self.counted is None:
            return super().count
        return min(self.counted, SEARCH_COUNT_LIMIT)

    @property
    def capped(self):
        return self.counted is not None and self.counted > SEARCH_COUNT_LIMIT
