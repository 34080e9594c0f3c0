"""A reader request that runs out of database time gets the busy page, never a 500."""

import pytest
from django.db import connection
from django.urls import reverse

from articles import views
from articles.admin.articles import ArticleAdmin
from articles.reader import search
from tests.helpers import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Counts to a hundred million, one row at a time: seconds on any database.
SLOW_SQL = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000) "
    "SELECT count(*) FROM n"
)


def run_slow_query(*args, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute(SLOW_SQL)
        return cursor.fetchone()[0]


@pytest.fixture
def tiny_limit(settings):
    settings.NEWSROOM_READER_STATEMENT_TIMEOUT = 0.001
    settings.NEWSROOM_PAGE_CACHE = False


def test_a_slow_listing_query_answers_the_busy_page(client, tiny_limit, monkeypatch):
    monkeypatch.setattr(views.HomeView, "get_queryset", run_slow_query)
    response = client.get(reverse("articles:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Busy, try again" in html
    assert "Try more words" not in html


def test_a_slow_search_asks_for_more_words(client, tiny_limit, monkeypatch):
    make_article(headline="Glacier")
    monkeypatch.setattr(search.SearchResults, "count", run_slow_query)
    response = client.get(reverse("articles:search"), {"q": "glacier"})
    assert response.status_code == 503
    assert "Try more words" in response.content.decode()


def test_the_next_request_outside_the_reader_site_runs_without_the_limit(
    client, tiny_limit, monkeypatch
):
    """A worker's connection may keep the reader's limit between reader requests; the admin
    lifts it before its view runs."""
    client.force_login(make_user(superuser=True))
    monkeypatch.setattr(views.HomeView, "get_queryset", run_slow_query)
    assert client.get(reverse("articles:home")).status_code == 503
    counted = []
    listed = ArticleAdmin.get_queryset

    def counting_far_then_listing(self, request):
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                "WHERE x < 300000) SELECT count(*) FROM n"
            )
            counted.append(cursor.fetchone()[0])
        return listed(self, request)

    monkeypatch.setattr(ArticleAdmin, "get_queryset", counting_far_then_listing)
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert counted == [300000]


def test_the_next_reader_request_within_the_limit_answers(
    client, tiny_limit, monkeypatch, settings
):
    monkeypatch.setattr(views.HomeView, "get_queryset", run_slow_query)
    assert client.get(reverse("articles:home")).status_code == 503
    monkeypatch.undo()
    settings.NEWSROOM_READER_STATEMENT_TIMEOUT = 3
    settings.NEWSROOM_PAGE_CACHE = False
    assert client.get(reverse("articles:home")).status_code == 200


def test_the_admin_is_not_limited(client, tiny_limit, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "articles.reader.time_limits.statement_timeout", lambda seconds: calls.append(seconds)
    )
    client.force_login(make_user(superuser=True))
    make_article(headline="Glacier")
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert calls == []


def test_reader_pages_answer_normally_within_the_limit(client, settings):
    settings.NEWSROOM_READER_STATEMENT_TIMEOUT = 3
    make_article(headline="Glacier")
    assert client.get(reverse("articles:search"), {"q": "glacier"}).status_code == 200
    assert client.get(reverse("articles:sitemap_index")).status_code == 200


def test_a_zero_limit_turns_it_off(client, settings, monkeypatch):
    settings.NEWSROOM_READER_STATEMENT_TIMEOUT = 0
    calls = []
    monkeypatch.setattr(
        "articles.reader.time_limits.statement_timeout", lambda seconds: calls.append(seconds)
    )
    assert client.get(reverse("articles:home")).status_code == 200
    assert calls == []
