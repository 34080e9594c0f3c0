"""Home, section and tag listings: published stories only, paginated, fixed query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.views import HomeView, ListingView
from tests.helpers import (
    QUERIES,
    add_byline,
    jpeg_bytes,
    make_article,
    make_image,
    make_person,
    make_section,
    make_tag,
)


def listed(response):
    return [article.pk for article in response.context["articles"]]


@pytest.fixture
def world(db):
    return make_section(name="World", slug="world")


def test_home_leads_with_the_newest_story_then_the_latest(client, world):
    """The newest published story is the lead; the rest follow newest first."""
    now = timezone.now()
    older = make_article(section=world, published_at=now - timedelta(hours=3))
    newest = make_article(section=world, published_at=now - timedelta(hours=1))
    response = client.get(reverse("articles:home"))
    assert listed(response) == [newest.pk, older.pk]
    html = response.content.decode()
    assert html.index('class="card card-lead"') < html.index(older.headline)
    assert newest.headline in html.split('class="list-title"')[0]


def test_drafts_scheduled_and_withdrawn_stories_are_not_listed(client, world):
    """Only published stories whose time has come appear on home, section and tag pages."""
    tag = make_tag()
    live = make_article(section=world)
    hidden = [
        make_article(section=world, status=Article.Status.DRAFT),
        make_article(section=world, status=Article.Status.WITHDRAWN),
        make_article(section=world, published_at=timezone.now() + timedelta(hours=1)),
    ]
    for article in [live, *hidden]:
        article.tags.add(tag)
    for url in (reverse("articles:home"), world.get_absolute_url(), tag.get_absolute_url()):
        assert listed(client.get(url)) == [live.pk]


def test_a_scheduled_story_appears_on_its_section_page_at_its_instant(client, world, time_machine):
    """Before its publish time it is absent; from that instant it is listed."""
    at = timezone.now() + timedelta(days=1)
    article = make_article(section=world, published_at=at)
    time_machine.move_to(at - timedelta(seconds=1))
    assert listed(client.get(world.get_absolute_url())) == []
    time_machine.move_to(at)
    assert listed(client.get(world.get_absolute_url())) == [article.pk]


def test_section_page_lists_only_its_section(client, world):
    other = make_article(section=make_section())
    mine = make_article(section=world)
    response = client.get(world.get_absolute_url())
    assert listed(response) == [mine.pk]
    assert other.headline not in response.content.decode()


def test_tag_page_lists_tagged_stories(client, world):
    tag = make_tag(name="NATO", slug="nato")
    tagged = make_article(section=world)
    tagged.tags.add(tag)
    make_article(section=world)
    response = client.get(reverse("articles:tag", kwargs={"slug": "nato"}))
    assert listed(response) == [tagged.pk]
    assert '<h1 class="page-title">NATO</h1>' in response.content.decode()


def test_article_page_links_its_tags(client, world):
    article = make_article(section=world)
    article.tags.add(make_tag(name="Kerry", slug="kerry"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/tags/kerry/">Kerry</a>' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99", "2" * 30])
def test_bad_page_numbers_are_not_found(client, world, page):
    """A page number that is not a page is a 404, never a server error."""
    make_article(section=world)
    for url in (reverse("articles:home"), world.get_absolute_url()):
        assert client.get(url, {"page": page}).status_code == 404


def test_listings_paginate_and_keep_the_search_words(client, world, monkeypatch):
    monkeypatch.setattr(HomeView, "paginate_by", 2)
    for _ in range(3):
        make_article(section=world, headline="Summit news")
    second = client.get(reverse("articles:home"), {"page": 2})
    assert second.status_code == 200
    assert len(second.context["articles"]) == 1
    assert 'rel="prev" href="?page=1"' in second.content.decode()
    assert client.get(reverse("articles:home"), {"page": "last"}).status_code == 200


def test_unknown_section_and_tag_are_not_found(client, db):
    assert client.get("/no-such-section/").status_code == 404
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_not_found_page_is_the_sites_own(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'action="/search/"' in html


def test_server_error_page_is_the_sites_own(client, db, monkeypatch):
    """An unexpected error shows the site's plain 500 page, not a traceback."""

    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(HomeView, "get_queryset", broken)
    client.raise_request_exception = False
    response = client.get(reverse("articles:home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "database on fire" not in html


def _stories(section, count, tag=None):
    for _ in range(count):
        article = make_article(section=section, lead_image=make_image(jpeg_bytes((400, 225))))
        add_byline(article)
        if tag:
            article.tags.add(tag)


@pytest.mark.parametrize("count", [1, 12])
def test_listing_pages_use_a_fixed_number_of_queries(client, world, count, assert_page_queries):
    """Home, section, tag and search pages: the same query count for 1 or many stories."""
    tag = make_tag()
    _stories(world, count, tag)
    pages = {
        "home page": reverse("articles:home"),
        "section page": world.get_absolute_url(),
        "tag page": tag.get_absolute_url(),
        "search page": reverse("articles:search") + "?q=headline",
    }
    # count, page, next scheduled story (+ the section or tag)
    for name, url in pages.items():
        assert_page_queries(client, url, QUERIES[name])


@pytest.mark.parametrize("slug", ["search", "tags", "feed", "authors", "admin"])
def test_a_section_cannot_take_an_address_the_site_uses(db, slug):
    from django.core.exceptions import ValidationError

    from articles.models import Section

    with pytest.raises(ValidationError, match="already uses"):
        Section(name="Clash", slug=slug).full_clean()


def test_home_canonical_link_names_the_page(client, world, monkeypatch):
    monkeypatch.setattr(HomeView, "paginate_by", 1)
    make_article(section=world)
    make_article(section=world)
    html = client.get(reverse("articles:home"), {"page": 2}).content.decode()
    assert '<link rel="canonical" href="http://testserver/?page=2">' in html


def test_listings_page_through_the_archive_without_counting_it(client, world):
    """A page reads one story more than it shows to know whether an older page exists."""
    for _ in range(21):
        make_article(section=world)
    url = world.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "COUNT(" not in sql.upper()
    assert len(first.context["articles"]) == 20
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["articles"]) == 1
    assert 'rel="next"' not in second.content.decode()
    assert client.get(url, {"page": 3}).status_code == 404


def test_a_full_last_page_has_no_older_link(client, world):
    for _ in range(20):
        make_article(section=world)
    html = client.get(world.get_absolute_url()).content.decode()
    assert 'rel="next"' not in html and 'class="pagination"' not in html
    assert client.get(world.get_absolute_url(), {"page": 2}).status_code == 404


def test_home_lists_the_seed_story_with_its_dek(seed_article, chrome):
    response = chrome.get("/")
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()
    assert "Secretary of State John Kerry joins a NATO summit" in response.content.decode()


def test_author_page_lists_the_stories_of_its_byline(seed_article, chrome):
    response = chrome.get("/authors/alastair-jamieson/")
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()


@pytest.mark.parametrize("url_for", ["home", "section", "tag", "author"])
def test_deep_pages_read_their_ids_first_and_show_the_same_stories(
    client, world, monkeypatch, url_for
):
    """Past the first pages a listing finds its page's ids in the index, then those rows."""
    from articles.reader import pagination

    tag, person = make_tag(), make_person()
    stories = []
    for hours in range(7):
        story = make_article(section=world, published_at=timezone.now() - timedelta(hours=hours))
        story.tags.add(tag)
        add_byline(story, person)
        stories.append(story)
    url = {
        "home": reverse("articles:home"),
        "section": world.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": tag.slug}),
        "author": reverse("articles:author", kwargs={"slug": person.slug}),
    }[url_for]
    monkeypatch.setattr(ListingView, "paginate_by", 3)
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 3)
    shown = []
    for page in (1, 2, 3):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        shown += list(response.context["articles"])
    assert shown == stories
    last = client.get(url, {"page": "last"})
    assert list(last.context["articles"]) == stories[6:]
    assert client.get(url, {"page": 4}).status_code == 404
