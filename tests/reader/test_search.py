"""Reader search: the same behaviour on PostgreSQL (full text) and SQLite (substring)."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.reader.search import MAX_QUERY_CHARS, search_terms
from tests.helpers import make_article

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def found(text):
    return list(Article.objects.published().for_listing().search(text))


def test_a_headline_match_ranks_above_a_body_match(db):
    body_match = make_article(headline="Ministers meet", body="The summit discussed troops.")
    dek_match = make_article(headline="Talks go on", dek="Troops stay near the border.")
    headline_match = make_article(headline="Troops stay put", body="Nothing new.")
    make_article(headline="Weather", body="Rain all week.")
    assert found("troops") == [headline_match, dek_match, body_match]
    assert found("TROOPS")[0] == headline_match


def test_every_word_must_match(db):
    both = make_article(headline="NATO summit", body="Troops were discussed.")
    make_article(headline="NATO budget", body="Money.")
    assert found("nato troops") == [both]


def test_drafts_and_scheduled_stories_never_appear(db):
    from datetime import timedelta

    from django.utils import timezone

    make_article(headline="Secret troops plan", status=Article.Status.DRAFT)
    make_article(headline="Future troops plan", published_at=timezone.now() + timedelta(hours=1))
    live = make_article(headline="Public troops plan")
    assert found("troops") == [live]


@pytest.mark.parametrize("text", ["", "   ", "?!?", "''\"\"", "%_%", "*", "&&& |||", "--", "\x00"])
def test_empty_and_punctuation_only_queries_find_nothing(client, db, text):
    make_article(headline="Anything at all")
    assert found(text) == []
    response = client.get(reverse("articles:search"), {"q": text})
    assert response.status_code == 200
    assert list(response.context["articles"]) == []


def test_a_very_long_query_is_cut_down_and_answered(client, db):
    article = make_article(headline="Kerry in Brussels")
    text = "kerry " + "x" * 994
    assert len(text) == 1000
    assert search_terms(text) == ["kerry"]  # the word cut at the limit is dropped
    assert search_terms("a " * (MAX_QUERY_CHARS // 2) + "bee") == ["a"]
    assert search_terms("y" * 1000) == []  # one endless word is not a word
    assert search_terms("z" * MAX_QUERY_CHARS) == ["z" * MAX_QUERY_CHARS]
    response = client.get(reverse("articles:search"), {"q": "kerry " + "brussels " * 200})
    assert response.status_code == 200
    assert list(response.context["articles"]) == [article]


def test_search_words_are_lowercased_deduplicated_and_limited():
    assert search_terms("NATO, nato; Kerry's") == ["nato", "kerry", "s"]
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == 12


def test_search_page_highlights_words_in_an_escaped_snippet(client, db):
    make_article(
        headline="Summit",
        body='Ministers said <script>alert("x")</script> the troops had not moved.',
    )
    html = client.get(reverse("articles:search"), {"q": "troops"}).content.decode()
    assert "<mark>troops</mark>" in html
    assert "<script>alert" not in html
    assert "1 result for “troops”." in html


def test_search_query_is_escaped_on_the_page(client, db):
    html = client.get(reverse("articles:search"), {"q": '<b>"x"</b>'}).content.decode()
    assert "<b>" not in html.split("<main")[1]
    assert "&lt;b&gt;" in html


def test_search_results_paginate_with_the_query(client, db, monkeypatch):
    from articles.views import SearchView

    monkeypatch.setattr(SearchView, "paginate_by", 1)
    make_article(headline="Troops one")
    make_article(headline="Troops two")
    html = client.get(reverse("articles:search"), {"q": "troops"}).content.decode()
    assert 'href="?q=troops&amp;page=2"' in html
    assert client.get(reverse("articles:search"), {"q": "troops", "page": 3}).status_code == 404


@on_postgres
def test_stemming_matches_word_forms_on_postgres(db):
    article = make_article(headline="Troop withdrawal", body="Russia is withdrawing.")
    assert found("withdraw troops") == [article]


@on_postgres
def test_postgres_search_uses_the_gin_index(db):
    make_article(headline="Troops")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Article.objects.search("troops").explain()
    assert "article_search_idx" in plan
