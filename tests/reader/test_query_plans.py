"""On PostgreSQL, search, the sitemaps and deep listing pages are answered from indexes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.reader import search
from articles.sitemaps import ArticleSitemap
from tests.helpers import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans"),
]


@pytest.fixture
def plans(db):
    """
    EXPLAIN of a queryset. A test table is small enough to read whole; sequential scans,
    bitmaps and sorts are priced out so that the plan is the one a large table gets.
    """
    for number in range(30):
        make_article(headline=f"Harbour {number}")
    make_article(headline="Glacier")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        for method in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{method} = off")

    def explain(queryset):
        return queryset.explain()

    return explain


def test_search_matches_through_the_gin_index_on_the_stored_document(plans):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = on")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = plans(search.matching(Article.objects.order_by(), search.parse_query("glacier")))
    assert "Bitmap Index Scan on article_search_document_idx" in plan
    assert "to_tsvector" not in plan  # the document is read, never rebuilt


def test_the_newest_matches_are_ranked_from_the_stored_document(plans):
    plan = plans(Article.objects.published().for_listing().search("glacier"))
    assert "ts_rank(articles_article.search_document" in plan
    assert "to_tsvector" not in plan


def test_the_sitemap_index_reads_the_lowest_and_highest_published_ids_from_the_primary_key(
    plans,
):
    paginator = ArticleSitemap().paginator
    with CaptureQueriesContext(connection) as queries:
        assert paginator.num_pages == 1
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan Backward using articles_article_pkey" in plan
    assert "Index Scan using articles_article_pkey" in plan


def test_a_sitemap_page_is_a_range_of_the_primary_key(plans):
    page = ArticleSitemap().paginator.page(1)
    plan = plans(page.object_list)
    assert "articles_article_pkey" in plan
    lowest = ArticleSitemap().paginator.id_range[0]
    assert f"Index Cond: ((id >= {lowest}) AND (id < {lowest + 500}))" in plan


def test_a_deep_listing_page_finds_its_ids_in_the_listing_index_alone(plans):
    # Rows written in this test's transaction are not yet visible to all, so an index-only
    # scan saves nothing here and the planner may as well walk the id index and read each
    # row; at scale it does not. Without that index (dropped until the test's rollback),
    # the listing index must answer alone.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX article_pub_id_idx")
    listing = Article.objects.published().for_listing()
    plan = plans(listing.values_list("pk", flat=True)[5000:5021])
    assert "Index Only Scan using article_status_pub_idx" in plan
    section = Article.objects.first().section
    plan = plans(listing.in_section(section).values_list("pk", flat=True)[5000:5021])
    assert "Index Only Scan using article_section_pub_idx" in plan
