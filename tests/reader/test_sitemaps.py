"""Sitemaps and robots.txt: well-formed XML listing exactly the published items."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from tests.helpers import add_byline, make_article, make_person, make_section

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
BASE = "http://testserver"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def locs(root):
    return {loc.text for loc in root.iterfind(".//sm:loc", NS)}


@pytest.fixture
def content(db):
    world, empty = make_section(slug="world"), make_section(slug="empty")
    writer, drafter, photographer = make_person(), make_person(), make_person()
    live = make_article(section=world)
    add_byline(live, writer)
    add_byline(live, photographer, role=Byline.Role.PHOTOS)
    for status, when in [
        (Article.Status.DRAFT, None),
        (Article.Status.WITHDRAWN, timezone.now() - timedelta(hours=1)),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(hours=1)),
    ]:
        hidden = make_article(section=empty, status=status, published_at=when)
        add_byline(hidden, drafter)
    return {"live": live, "world": world, "writer": writer, "photographer": photographer}


def test_sitemap_index_lists_the_article_section_and_author_sitemaps(client, content):
    root = parse(client, reverse("articles:sitemap_index"))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    assert locs(root) == {
        f"{BASE}/sitemap-articles.xml",
        f"{BASE}/sitemap-sections.xml",
        f"{BASE}/sitemap-authors.xml",
    }


def test_sitemaps_list_exactly_the_published_items(client, content):
    assert locs(parse(client, "/sitemap-articles.xml")) == {
        BASE + content["live"].get_absolute_url()
    }
    assert locs(parse(client, "/sitemap-sections.xml")) == {
        BASE + content["world"].get_absolute_url()
    }
    # Every person with a byline on a live article, whatever its role, as on their page.
    assert locs(parse(client, "/sitemap-authors.xml")) == {
        BASE + content["writer"].get_absolute_url(),
        BASE + content["photographer"].get_absolute_url(),
    }


def test_article_sitemap_gives_the_last_change(client, content):
    live = content["live"]
    live.updated_at = live.published_at + timedelta(minutes=30)
    live.save()
    root = parse(client, "/sitemap-articles.xml")
    lastmod = root.find(".//sm:lastmod", NS).text
    assert lastmod == live.updated_at.isoformat()


def news_entries(client):
    root = parse(client, reverse("articles:news_sitemap"))
    return root.findall("sm:url", NS)


def test_news_sitemap_has_the_publication_date_and_title(client, content):
    (entry,) = news_entries(client)
    live = content["live"]
    assert entry.find("sm:loc", NS).text == BASE + live.get_absolute_url()
    news = entry.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == live.headline
    assert news.find("news:publication_date", NS).text == live.published_at.isoformat()


def test_news_sitemap_keeps_stories_for_48_hours(client, db, time_machine):
    published = timezone.now()
    article = make_article(published_at=published, headline="Fish & <chips>")
    time_machine.move_to(published + timedelta(hours=48))
    assert [e.find("news:news/news:title", NS).text for e in news_entries(client)] == [
        "Fish & <chips>"
    ]
    time_machine.move_to(published + timedelta(hours=48, seconds=1))
    assert news_entries(client) == []
    assert article.pk


def test_robots_txt_points_to_the_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert f"Sitemap: {BASE}/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize("count", [1, 15])
def test_sitemaps_use_a_fixed_number_of_queries(client, db, count, django_assert_num_queries):
    section = make_section()
    for _ in range(count):
        add_byline(make_article(section=section))
    expected = {
        # each: + the next scheduled story, which ends the cache lifetime
        # highest published id; latest section change; section and author counts
        reverse("articles:sitemap_index"): 5,
        "/sitemap-articles.xml": 3,  # highest published id, page
        "/sitemap-sections.xml": 3,
        "/sitemap-authors.xml": 3,
        reverse("articles:news_sitemap"): 2,
    }
    for url, queries in expected.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_story_sitemap_pages_are_ranges_of_ids(client, db, monkeypatch):
    """Page N lists the published stories among 2 ids, counted from the lowest published id."""
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    section = make_section()
    stories = [make_article(section=section) for _ in range(6)]
    for unpublished in (stories[0], stories[3]):
        unpublished.status = Article.Status.DRAFT
        unpublished.save()
    index = locs(parse(client, reverse("articles:sitemap_index")))
    pages = [BASE + "/sitemap-articles.xml"] + [
        f"{BASE}/sitemap-articles.xml?p={number}" for number in (2, 3)
    ]
    assert {url for url in index if "sitemap-articles" in url} == set(pages)
    listed = [locs(parse(client, url.removeprefix(BASE))) for url in pages]
    assert listed == [
        {BASE + stories[1].get_absolute_url(), BASE + stories[2].get_absolute_url()},
        {BASE + stories[4].get_absolute_url()},
        {BASE + stories[5].get_absolute_url()},
    ]
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "x"}).status_code == 404


def test_the_index_dates_no_story_page(client, content):
    """Dating a page of stories would mean reading every story; each story's entry is dated."""
    root = parse(client, reverse("articles:sitemap_index"))
    for entry in root.iterfind("sm:sitemap", NS):
        if "sitemap-articles" in entry.find("sm:loc", NS).text:
            assert entry.find("sm:lastmod", NS) is None
