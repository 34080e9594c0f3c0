"""Listings, feeds and sitemaps stay cached no longer than the next change on them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import make_article, make_section, make_tag


def max_age(response):
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age":
            return int(value)
    return None


@pytest.fixture
def world(db):
    return make_section(slug="world")


def reader_urls(world, tag):
    return [
        reverse("articles:home"),
        world.get_absolute_url(),
        tag.get_absolute_url(),
        reverse("articles:search") + "?q=story",
        reverse("articles:feed"),
        reverse("articles:section_feed", kwargs={"section": "world"}),
        reverse("articles:sitemap_index"),
        "/sitemap-articles.xml",
        reverse("articles:news_sitemap"),
    ]


def test_pages_end_their_cache_when_the_next_story_goes_live(client, world, time_machine):
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    tag = make_tag()
    make_article(section=world, headline="Story now").tags.add(tag)
    later = make_article(section=world, published_at=timezone.now() + timedelta(seconds=100))
    later.tags.add(tag)
    for url in reader_urls(world, tag):
        response = client.get(url)
        assert response.status_code == 200, url
        assert max_age(response) == 100, url


def test_pages_keep_the_default_lifetime_with_nothing_scheduled_soon(client, world, time_machine):
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    tag = make_tag()
    make_article(section=world, headline="Story now", published_at=timezone.now()).tags.add(tag)
    make_article(section=world, published_at=timezone.now() + timedelta(hours=2))
    for url in reader_urls(world, tag):
        assert max_age(client.get(url)) == 300, url


def test_a_section_page_is_bound_only_by_its_own_schedule(client, world, time_machine):
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    make_article(section=make_section(), published_at=timezone.now() + timedelta(seconds=50))
    assert max_age(client.get(world.get_absolute_url())) == 300
    assert max_age(client.get(reverse("articles:home"))) == 50


def test_news_sitemap_expires_when_its_oldest_story_turns_48_hours_old(client, world, time_machine):
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    make_article(section=world, published_at=timezone.now() - timedelta(hours=48, seconds=-90))
    assert max_age(client.get(reverse("articles:news_sitemap"))) == 90
