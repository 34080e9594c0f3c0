"""The rows of a published article's page, read with queries compiled once per process.

The same rows as ``Article.objects.published(now).for_page().get(pk=pk)``: the story with its
section and lead image in one query, and one query for each relation the page lists; with
the queries of what follows the story (``related``), sent together
(``prepared.fetch_together``).
"""

import functools

from articles.models import Article
from articles.models.articles import page_relations
from articles.reader import related
from articles.reader.prepared import PreparedQuery, fetch_together, id_marker, instant_marker

STORY = PreparedQuery(
    Article,
    lambda pk, now: Article.objects.published(now).for_page_row().filter(pk=pk),
    id_marker("pk"),
    instant_marker("now"),
)


def _relation_query(rows, lookup):
    return PreparedQuery(rows.model, lambda pk: rows.filter(**{lookup: pk}), id_marker("pk"))


@functools.cache
def relations():
    """Each related list's prepared query, and the rows a prefetch would leave in its place."""
    return {
        name: (_relation_query(rows, lookup), rows)
        for name, (rows, lookup) in page_relations().items()
    }


def published_article(pk, now):
    """The article ``pk`` as its page shows it, or None when readers may not see it ``now``."""
    return published_page(pk, now, onward=False)[0]


def published_page(pk, now, onward=True):
    """The article ``pk`` as its page shows it and what follows it (``related.Onward``),
    in one round trip to the database; ``(None, None)`` when readers may not see it."""
    if not 0 < pk < 2**63:  # no row has it, and SQLite cannot even take it
        return None, None
    lists = relations()
    onward_queries = related.onward_queries(pk, now) if onward else []
    found, *rows = fetch_together(
        (STORY, {"pk": pk, "now": now}),
        *((query, {"pk": pk}) for query, _ in lists.values()),
        *onward_queries,
    )
    if not found:
        return None, None
    article = found[0]
    article._prefetched_objects_cache = {}
    listed_rows, onward_rows = rows[: len(lists)], rows[len(lists) :]
    for (name, (_, rows_left)), listed in zip(lists.items(), listed_rows, strict=True):
        manager = getattr(article, name)
        if hasattr(manager, "prefetch_cache_name"):  # many-to-many
            cache_name = manager.prefetch_cache_name
        else:  # each row points back at this article, as a prefetch leaves it
            cache_name = manager.field.remote_field.cache_name
            for row in listed:
                manager.field.set_cached_value(row, article)
        cached = manager._apply_rel_filters(rows_left)
        cached._result_cache = listed
        cached._prefetch_done = True
        article._prefetched_objects_cache[cache_name] = cached
    return article, (related.onward_from(article, now, onward_rows) if onward else None)
