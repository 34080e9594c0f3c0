"""
Readers see only what is published now, on every surface at once: a draft, a story in
review, a scheduled and a withdrawn story sit beside a published one in the same section,
tag and byline, each with a correction, and none of the four shows anywhere a reader can
reach, the page cache included.
"""

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Correction
from tests.helpers import add_byline, make_article, make_person, make_section, make_tag

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HIDDEN = ("draft", "review", "scheduled", "withdrawn")
# Every story's body holds this word, so a search for it would find each one.
SHARED_WORD = "quokka"

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    with time_machine.travel(NOW - timedelta(hours=6), tick=False):
        section = make_section(slug="world", name="World")
        tag = make_tag(slug="summits", name="Summits")
        person = make_person(slug="the-reporter", name="The Reporter")
        stories = {}
        for state in ("published", *HIDDEN):
            fields = {
                "headline": f"Zz{state}headline story",
                "slug": f"zz{state}slug",
                "dek": f"Zz{state}dek summary.",
                "body": f"The {SHARED_WORD} paragraph of the zz{state}body story.",
                "section": section,
                "status": Article.Status.PUBLISHED,
            }
            if state == "draft":
                fields["status"] = Article.Status.DRAFT
            elif state == "review":
                fields["status"] = Article.Status.REVIEW
            elif state == "scheduled":
                fields["published_at"] = NOW + timedelta(hours=2)
            stories[state] = make_article(**fields)
        stories["withdrawn"].status = Article.Status.WITHDRAWN
        stories["withdrawn"].save()
        for state, article in stories.items():
            article.tags.add(tag)
            add_byline(article, person)
            Correction.objects.create(
                article=article, text=f"Corrected the zz{state}note.", published_at=NOW
            )
    return stories


def markers(state):
    return (f"zz{state}", f"Zz{state}")


def sitemap_urls(client):
    response = client.get(reverse("articles:sitemap_index"))
    index = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    locs = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in locs]


def reader_surfaces(client):
    """Every listing, search, feed and sitemap a reader can reach, and the live story."""
    urls = [
        reverse("articles:home"),
        reverse("articles:section", kwargs={"section": "world"}),
        reverse("articles:tag", kwargs={"slug": "summits"}),
        reverse("articles:author", kwargs={"slug": "the-reporter"}),
        reverse("articles:search") + f"?q={SHARED_WORD}",
        reverse("articles:corrections"),
        reverse("articles:feed"),
        reverse("articles:feed_atom"),
        reverse("articles:section_feed", kwargs={"section": "world"}),
        reverse("articles:section_feed_atom", kwargs={"section": "world"}),
        reverse("articles:author_feed", kwargs={"slug": "the-reporter"}),
        reverse("articles:author_feed_atom", kwargs={"slug": "the-reporter"}),
        reverse("articles:corrections_feed"),
        reverse("articles:sitemap_index"),
        *sitemap_urls(client),
        reverse("articles:news_sitemap"),
        reverse("articles:robots"),
    ]
    return urls


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.getvalue() if response.streaming else response.content
    return content.decode()


def check_every_surface(client, stories):
    urls = reader_surfaces(client)
    assert len(urls) >= 18
    seen_published = set()
    for url in urls:
        text = read(client, url)
        if any(marker in text for marker in markers("published")):
            seen_published.add(url)
        for state in HIDDEN:
            for marker in markers(state):
                assert marker not in text, f"{state} story on {url}"
    # The published story is where it belongs, so the check above looks at real pages.
    assert len(seen_published) >= 14, set(urls) - seen_published
    page = read(client, stories["published"].get_absolute_url())
    json_ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json_ld and all("zzpublished" in block or "Zzpublished" in block for block in json_ld)
    for state in HIDDEN:
        assert not any(marker in page for marker in markers(state))
        assert client.get(stories[state].get_absolute_url()).status_code == 404


def test_no_reader_surface_shows_an_unpublished_story(client, newsroom):
    """Home, section, tag, author, search, every feed, the sitemaps, corrections, the
    story's JSON-LD: the published story is on each, the four hidden ones on none."""
    with time_machine.travel(NOW, tick=False):
        check_every_surface(client, newsroom)


def test_the_page_cache_serves_no_unpublished_story(client, newsroom, settings):
    """With the page cache on, pages filled and then served from it still hide them."""
    settings.NEWSROOM_PAGE_CACHE = True
    with time_machine.travel(NOW, tick=False):
        check_every_surface(client, newsroom)  # fills the cache
        check_every_surface(client, newsroom)  # served from it
        home = client.get(reverse("articles:home"))
        assert "Age" in home, "the second visit came from the page cache"
