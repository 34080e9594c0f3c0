"""Bylines and credit lines on the article page, and the author page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Byline
from tests.helpers import (
    QUERIES,
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
)

pytestmark = pytest.mark.django_db


def paragraphs(html, css_class):
    """The inner HTML of each <p class="css_class">."""
    return re.findall(rf'<p class="{css_class}">(.*?)</p>', html, flags=re.S)


def text_of(fragment):
    return re.sub(r"<[^>]+>", "", fragment)


def test_seed_credit_line_and_signoff_come_from_rows(seed_article, chrome):
    """“Reuters contributed to this report.” then “- Alastair Jamieson”, linked to the author."""
    html = chrome.get(seed_article.get_absolute_url()).content.decode()
    assert paragraphs(html, "credit-line") == ["Reuters contributed to this report."]
    assert paragraphs(html, "byline") == [
        '- <a href="/authors/alastair-jamieson/">Alastair Jamieson</a>'
    ]
    assert html.index('class="credit-line"') < html.index('class="byline"')


def test_seed_lines_follow_the_rows_when_they_change(seed_article, chrome):
    """The lines are built from rows, not stored text: a second wire changes the sentence."""
    add_attribution(
        seed_article, organization=make_organization(name="The Associated Press"), order=5
    )
    add_byline(seed_article, make_person(name="Jo Co-Author", slug="jo"), order=5)
    html = chrome.get(seed_article.get_absolute_url()).content.decode()
    assert paragraphs(html, "credit-line") == [
        "Reuters and The Associated Press contributed to this report."
    ]
    assert [text_of(line) for line in paragraphs(html, "byline")] == [
        "- Alastair Jamieson and Jo Co-Author"
    ]


def test_top_style_writes_one_line_per_role_under_the_headline(client):
    """“By A, B and C” under the headline, then the other roles in their order."""
    article = make_article(byline_style=Article.BylineStyle.TOP)
    for order, name in enumerate(["Ann One", "Ben Two", "Cat Three"]):
        add_byline(article, make_person(name=name), order=order)
    add_byline(article, make_person(name="Pia Photo"), role=Byline.Role.PHOTOS)
    add_byline(article, make_person(name="Ada Extra"), role=Byline.Role.ADDITIONAL)
    html = client.get(article.get_absolute_url()).content.decode()
    lines = paragraphs(html, "byline")
    assert [text_of(line) for line in lines] == [
        "By Ann One, Ben Two and Cat Three",
        "Additional reporting by Ada Extra",
        "Photographs by Pia Photo",
    ]
    assert html.index('class="byline"') < html.index('class="article-body"')
    assert lines[0].count("<a href=") == 3


def test_names_are_escaped_on_the_page(client):
    """A name is text, never markup."""
    article = make_article()
    add_byline(article, make_person(name="<script>alert(1)</script>"))
    add_attribution(article, organization=make_organization(name="<img src=x onerror=alert(1)>"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _article_with_credits(count):
    article = make_article()
    for order in range(count):
        add_byline(article, order=order)
        add_attribution(article, order=order)
        add_attribution(article, person=make_person(), phrase="contributed reporting", order=order)
    return article


@pytest.mark.parametrize("count", [1, 10])
def test_article_page_query_count_does_not_grow_with_credits(client, assert_article_queries, count):
    """The same number of queries with 1 and with 10 bylines and attributions."""
    article = _article_with_credits(count)
    url = article.get_absolute_url()
    response = assert_article_queries(client, url)
    assert len(paragraphs(response.content.decode(), "credit-line")) == 2
    assert response.content.decode().count('<a href="/authors/') == count


# The author page


def _credited(person, **fields):
    article = make_article(**fields)
    add_byline(article, person)
    return article


def test_author_page_lists_only_published_articles_newest_first(client):
    """Drafts, stories in review, withdrawn and scheduled stories are not listed."""
    person = make_person(name="Alastair Jamieson", slug="alastair-jamieson")
    now = timezone.now()
    older = _credited(person, headline="Older story", published_at=now - timedelta(days=2))
    newer = _credited(person, headline="Newer story", published_at=now - timedelta(hours=1))
    _credited(person, headline="A draft", status=Article.Status.DRAFT)
    _credited(person, headline="In review", status=Article.Status.REVIEW)
    _credited(person, headline="Withdrawn", status=Article.Status.WITHDRAWN)
    _credited(person, headline="Scheduled", published_at=now + timedelta(hours=1))
    make_article(headline="Someone else's")
    html = client.get(person.get_absolute_url()).content.decode()
    assert html.index(newer.headline) < html.index(older.headline)
    for hidden in ("A draft", "In review", "Withdrawn", "Scheduled", "Someone else"):
        assert hidden not in html


def test_author_page_lists_an_article_once_whatever_the_roles(client):
    person = make_person()
    article = _credited(person, headline="Wrote and shot it")
    add_byline(article, person, role=Byline.Role.PHOTOS)
    response = client.get(person.get_absolute_url())
    assert list(response.context["articles"]) == [article]


def test_author_page_is_paginated(client, settings):
    person = make_person()
    now = timezone.now()
    for hours in range(1, 23):
        _credited(person, headline=f"Story {hours:02d}", published_at=now - timedelta(hours=hours))
    first = client.get(person.get_absolute_url()).content.decode()
    second = client.get(person.get_absolute_url() + "?page=2").content.decode()
    assert "Story 01" in first and "Story 20" in first and "Story 21" not in first
    assert "Story 21" in second and "Story 22" in second and "Story 01" not in second
    assert "<span>Page 2</span>" in second and 'rel="next"' not in second


def test_author_page_shows_bio_as_sanitized_markdown_and_links(client):
    person = make_person(
        bio="Covers **NATO**.<script>alert(1)</script> [Site](javascript:alert(1))",
        job_title="Reporter",
        website="https://example.com/alastair",
        social_handle="@alastairjam",
    )
    add_byline(make_article(), person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "<strong>NATO</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert 'href="https://example.com/alastair"' in html
    assert "@alastairjam" in html


def test_author_page_shows_the_headshot_as_square_renditions_with_size_and_alt(client, headshot):
    """The portrait is a square crop in WebP and JPEG, never the uploaded original."""
    person = make_person(headshot=headshot)
    add_byline(make_article(), person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert '<picture class="author-headshot">' in html
    assert 'width="96" height="96" alt="Alastair Jamieson in Brussels"' in html
    assert 'type="image/webp"' in html
    assert headshot.file.url not in html


def test_author_page_of_an_unknown_person_is_404(client):
    assert client.get("/authors/nobody/").status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_author_page_query_count_does_not_grow_with_bylines_or_articles(
    client, assert_page_queries, count, headshot
):
    """Same count with 1 and 10 articles, each with 1 or 10 bylines and attributions."""
    person = make_person(headshot=headshot, bio="Writes about *NATO*.")
    for _ in range(count):
        article = _article_with_credits(count)
        add_byline(article, person, order=99)
    # person, count, page of articles, their bylines, the next scheduled publish
    response = assert_page_queries(client, person.get_absolute_url(), QUERIES["author page"])
    assert len(response.context["articles"]) == count


def test_a_photographer_is_an_author_on_their_page_feed_and_sitemap_alike(client):
    """Who counts as an article's author is one rule: any byline, whatever its role."""
    photographer = make_person(name="Pat Lens")
    story = make_article(headline="Harbour at dawn")
    add_byline(story, make_person(), role=Byline.Role.BY)
    add_byline(story, photographer, role=Byline.Role.PHOTOS)
    page = client.get(photographer.get_absolute_url()).content.decode()
    feed = client.get(f"{photographer.get_absolute_url()}feed/").content.decode()
    sitemap = client.get("/sitemap-authors.xml").content.decode()
    assert "Harbour at dawn" in page
    assert "Harbour at dawn" in feed
    assert photographer.get_absolute_url() in sitemap
