"""Reader search: the same behaviour on PostgreSQL (full text) and SQLite (substring)."""

from datetime import timedelta

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.reader import search
from articles.reader.search import MAX_QUERY_CHARS, parse_query, search_terms
from tests.helpers import add_byline, admin_url, form_data, login, make_article, make_section

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


# The stored search document


def test_a_saved_story_is_found_by_its_new_words(db):
    """Saving a story in code (the shell, a command) updates what search finds."""
    article = make_article(headline="Harbour reopens")
    article.headline = "Lighthouse reopens"
    article.save()
    assert found("lighthouse") == [article]
    assert found("harbour") == []


def test_an_admin_save_updates_what_search_finds(client, db):
    login(client, "editor")
    article = make_article(headline="Harbour reopens", body="Boats return.")
    add_byline(article)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["body"] = "Ferries return to the quay."
    response = client.post(admin_url("change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found("ferries") == [article]
    assert found("boats") == []


def test_bulk_updates_and_bulk_inserts_are_searchable_at_once(db):
    """QuerySet.update(), bulk_update() and bulk_create() need no extra call."""
    first = make_article(headline="Harbour reopens")
    second = make_article(headline="Harbour closes")
    Article.objects.filter(pk=first.pk).update(dek="Lighthouse keepers cheer.")
    second.body = "The lighthouse went dark."
    Article.objects.bulk_update([second], ["body"])
    assert set(found("lighthouse")) == {first, second}
    template = make_article(headline="Template")
    imported = Article.objects.bulk_create(
        [
            Article(
                headline="Imported lighthouse story",
                slug="imported",
                body="From the archive.",
                section=template.section,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        ]
    )
    assert imported[0] in found("lighthouse")


def test_a_story_loaded_from_a_fixture_is_searchable(db):
    """An import through Django's serializers (loaddata) brings no stale document along."""
    article = make_article(headline="Lighthouse reopens")
    payload = serializers.serialize("json", [article])
    assert "search_document" not in payload
    Article.objects.filter(pk=article.pk).delete()
    for obj in serializers.deserialize("json", payload):
        obj.save()
    assert found("lighthouse") == [Article.objects.get(pk=article.pk)]


def test_listings_do_not_read_the_search_document(client, db):
    make_article(headline="Harbour reopens")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("articles:home"))
    assert not any("search_document" in query["sql"] for query in queries.captured_queries)


# Search syntax: the same on every database


def test_the_query_is_read_as_words_phrases_exclusions_and_alternatives():
    query = parse_query('NATO "troop withdrawal" -Russia -"border talks" kiev OR kyiv')
    assert query.websearch() == 'nato "troop withdrawal" -russia -"border talks" kiev or kyiv'
    assert query.terms == ["nato", "troop", "withdrawal", "kiev", "kyiv"]
    assert parse_query("-russia").terms == []  # nothing left to look for
    assert parse_query("OR or").websearch() == ""
    assert parse_query('"unclosed phrase').websearch() == '"unclosed phrase"'


def test_a_query_of_exclusions_alone_finds_nothing(db):
    make_article(headline="Harbour reopens")
    assert found("-russia") == []


def test_a_quoted_phrase_must_appear_as_written(db):
    phrase = make_article(headline="Troop withdrawal begins", body="Nothing else.")
    make_article(headline="Withdrawal of the troop", body="Words apart.")
    assert found('"troop withdrawal"') == [phrase]


def test_a_minus_word_leaves_stories_out(db):
    kept = make_article(headline="Summit in Brussels", body="Ministers met.")
    make_article(headline="Summit in Moscow", body="Russia hosted.")
    assert found("summit -russia") == [kept]
    assert found('summit -"in moscow"') == [kept]


def test_or_finds_either_word(db):
    kiev = make_article(headline="Talks in Kiev")
    kyiv = make_article(headline="Talks in Kyiv")
    make_article(headline="Talks in Minsk")
    assert set(found("talks kiev OR kyiv")) == {kiev, kyiv}


# Relevance


def test_the_ranking_corpus_comes_back_in_the_expected_order(db):
    """Headline above dek above body; among equal matches the newer story first."""
    now = timezone.now()
    section = make_section()

    def story(hours_ago, **fields):
        return make_article(
            section=section, published_at=now - timedelta(hours=hours_ago), **fields
        )

    old_headline = story(50, headline="Glacier retreat measured", body="Survey results.")
    new_headline = story(2, headline="Glacier melt speeds up", body="Survey results.")
    dek = story(1, headline="Alps survey", dek="The glacier lost a metre.", body="Survey results.")
    body = story(0, headline="Mountain report", body="A glacier was mentioned once.")
    story(0, headline="Harbour reopens", body="Boats return.")
    assert found("glacier") == [new_headline, old_headline, dek, body]
    assert set(found("glacier survey")) == {new_headline, old_headline, dek}


def test_newest_first_orders_matches_by_publish_time(client, db):
    now = timezone.now()
    headline = make_article(headline="Glacier melt", published_at=now - timedelta(days=2))
    body = make_article(headline="Report", body="A glacier.", published_at=now)
    assert list(Article.objects.published().search("glacier", order="newest")) == [
        body,
        headline,
    ]
    response = client.get(reverse("articles:search"), {"q": "glacier", "sort": "newest"})
    assert list(response.context["articles"]) == [body, headline]
    assert "Newest first" in response.content.decode()


# Bounded work


def test_the_count_stops_at_the_cap_and_says_more(client, db, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for number in range(5):
        make_article(headline=f"Glacier report {number}")
    response = client.get(reverse("articles:search"), {"q": "glacier"})
    assert response.context["paginator"].count == 3
    assert "More than 3 results for “glacier”." in response.content.decode()
    make_article(headline="Glacier alone", body="x")
    assert client.get(reverse("articles:search"), {"q": "alone"}).context["paginator"].count == 1


def test_pages_end_at_the_cap(client, db, monkeypatch):
    from articles.views import SearchView

    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    monkeypatch.setattr(SearchView, "paginate_by", 1)
    for number in range(4):
        make_article(headline=f"Glacier report {number}")
    url = reverse("articles:search")
    assert client.get(url, {"q": "glacier", "page": 2}).status_code == 200
    assert client.get(url, {"q": "glacier", "page": 3}).status_code == 404


@on_postgres
def test_rank_is_computed_for_the_newest_matches_only(db, monkeypatch):
    """A word in every story ranks the newest MAX_RESULTS of them, not all of them."""
    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    now = timezone.now()
    oldest = make_article(headline="Glacier", published_at=now - timedelta(days=3))
    older = make_article(headline="Report", body="glacier", published_at=now - timedelta(days=2))
    newest = make_article(headline="Report", body="glacier", published_at=now - timedelta(days=1))
    assert oldest not in found("glacier")
    assert found("glacier") == [newest, older]


@on_postgres
def test_snippets_are_made_for_the_page_shown_only(client, db, monkeypatch):
    from articles.views import SearchView

    monkeypatch.setattr(SearchView, "paginate_by", 2)
    for number in range(5):
        make_article(headline=f"Glacier {number}", body="The glacier moved.")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("articles:search"), {"q": "glacier"}).content.decode()
    headline_queries = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    assert len(headline_queries) == 1
    assert " IN (" in headline_queries[0]
    assert html.count("<mark>glacier</mark>") == 2


@on_postgres
def test_stemmed_phrases_and_exclusions_use_postgres_web_search(db):
    withdrawing = make_article(headline="Troops withdrawing", body="From the border.")
    make_article(headline="Troops staying", body="At the border.")
    assert found('"troop withdrawal" OR withdraw') == [withdrawing]
    assert found("troops -stay") == [withdrawing]


@on_postgres
def test_a_phrase_is_looked_for_in_the_newest_stories_holding_its_words(db, monkeypatch):
    """Checking word order reads each story's document: only the newest few are read."""
    monkeypatch.setattr(search, "PHRASE_WINDOW", 2)
    now = timezone.now()
    oldest = make_article(headline="Troop withdrawal", published_at=now - timedelta(days=3))
    make_article(headline="Withdrawal of a troop", published_at=now - timedelta(days=2))
    newest = make_article(headline="Troop withdrawal again", published_at=now - timedelta(days=1))
    assert found('"troop withdrawal"') == [newest]
    monkeypatch.setattr(search, "PHRASE_WINDOW", 3)
    assert set(found('"troop withdrawal"')) == {oldest, newest}
