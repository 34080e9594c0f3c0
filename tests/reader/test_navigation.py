"""The section navigation on every reader page: read once, kept in the cache, never stale."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Section
from articles.reader import navigation
from tests.helpers import make_section


def nav_links(client):
    html = client.get(reverse("articles:home")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(0)) if nav else []


@pytest.mark.django_db
def test_the_navigation_costs_one_query_then_none(django_assert_num_queries):
    make_section(name="World", slug="world")
    with django_assert_num_queries(1):
        assert [s.name for s in navigation.sections()] == ["World"]
    with django_assert_num_queries(0):
        cached = navigation.sections()
    assert cached == [("World", "/world/")]


@pytest.mark.django_db
def test_the_navigation_lists_sections_in_the_editors_order(client):
    make_section(name="Sport", slug="sport", position=2)
    make_section(name="World", slug="world", position=1)
    assert nav_links(client) == [("/world/", "World"), ("/sport/", "Sport")]


@pytest.mark.django_db
def test_a_saved_section_shows_in_the_navigation_at_once(client):
    world = make_section(name="World", slug="world", position=1)
    assert nav_links(client) == [("/world/", "World")]
    make_section(name="Sport", slug="sport", position=2)
    assert nav_links(client) == [("/world/", "World"), ("/sport/", "Sport")]
    world.name = "International"
    world.save()
    assert nav_links(client) == [("/world/", "International"), ("/sport/", "Sport")]


@pytest.mark.django_db
def test_a_deleted_section_leaves_the_navigation_at_once(client):
    make_section(name="World", slug="world")
    sport = make_section(name="Sport", slug="sport", position=2)
    assert len(nav_links(client)) == 2
    sport.delete()
    assert nav_links(client) == [("/world/", "World")]


@pytest.mark.django_db
def test_a_change_that_skips_the_signals_shows_once_the_stored_copy_expires(settings):
    """A bulk update sends no signal: the stored list still lives no longer than its timeout."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "navigation-expiry",
        },
    }
    make_section(name="World", slug="world")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert [s.name for s in navigation.sections()] == ["World"]
        Section.objects.update(name="Global")
    lifetime = timedelta(seconds=navigation.TIMEOUT_SECONDS)
    assert timedelta(0) < lifetime <= timedelta(hours=1)
    with time_machine.travel(start + lifetime - timedelta(seconds=1), tick=False):
        assert [s.name for s in navigation.sections()] == ["World"]
    with time_machine.travel(start + lifetime + timedelta(seconds=1), tick=False):
        assert [s.name for s in navigation.sections()] == ["Global"]
