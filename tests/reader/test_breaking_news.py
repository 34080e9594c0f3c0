"""The breaking-news banner: on every reader page while it runs, gone at its end, and never
linking to a story readers cannot see."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, BreakingNews
from tests.helpers import add_byline, make_article, make_person, make_tag

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def reader_pages(story):
    """Every kind of reader page; the tag and the person are the story's own (a tag or a
    person no live story names has no page)."""
    person, tag = make_person(), make_tag()
    story.tags.add(tag)
    add_byline(story, person)
    return [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        tag.get_absolute_url(),
        person.get_absolute_url(),
        reverse("articles:search") + "?q=quake",
        reverse("articles:corrections"),
    ]


def banner_on(client, url):
    html = client.get(url).content.decode()
    return 'class="breaking-news"' in html and "Quake strikes" in html


def test_the_banner_is_on_every_page_from_its_start_to_its_end(client):
    with time_machine.travel(START, tick=False) as traveller:
        story = make_article(headline="Quake report")
        BreakingNews.objects.create(
            text="Quake strikes",
            article=story,
            starts_at=START + timedelta(minutes=1),
            ends_at=START + timedelta(minutes=31),
        )
        pages = reader_pages(story)
        before = [url for url in pages if banner_on(client, url)]
        first = client.get(pages[0])
        traveller.shift(timedelta(minutes=1))
        during = [url for url in pages if banner_on(client, url)]
        running = client.get(pages[0])
        traveller.shift(timedelta(minutes=30))
        after = [url for url in pages if banner_on(client, url)]

    assert before == []
    assert during == pages
    assert after == []
    # Caches end when the banner appears, and again when it goes.
    assert "max-age=60" in first["Cache-Control"]
    assert "max-age=300" in running["Cache-Control"]
    html = running.content.decode()
    assert f'href="{story.get_absolute_url()}"' in html.split('class="breaking-news"')[1]


def test_a_banner_ending_soon_bounds_every_page(client):
    with time_machine.travel(START, tick=False):
        story = make_article()
        BreakingNews.objects.create(
            text="Quake strikes", article=story, ends_at=START + timedelta(seconds=40)
        )
        for url in reader_pages(story):
            response = client.get(url)
            assert "max-age=40" in response["Cache-Control"], url


@pytest.mark.parametrize("status", [Article.Status.WITHDRAWN, Article.Status.DRAFT])
def test_a_banner_for_a_story_readers_cannot_see_is_not_shown(client, status):
    story = make_article()
    BreakingNews.objects.create(text="Quake strikes", article=story)
    assert banner_on(client, reverse("articles:home"))
    story.status = status
    story.save()
    assert not banner_on(client, reverse("articles:home"))


def test_a_banner_for_a_scheduled_story_shows_when_the_story_goes_live(client):
    with time_machine.travel(START, tick=False) as traveller:
        story = make_article(published_at=START + timedelta(minutes=2))
        BreakingNews.objects.create(text="Quake strikes", article=story)
        # a topic page the story is not on: only the banner bounds its lifetime
        topic = make_tag()
        make_article(published_at=START - timedelta(days=1)).tags.add(topic)
        hidden = client.get(topic.get_absolute_url())
        traveller.shift(timedelta(minutes=2))
        shown = banner_on(client, reverse("articles:home"))
    assert 'class="breaking-news"' not in hidden.content.decode()
    assert "max-age=120" in hidden["Cache-Control"]
    assert shown


def test_the_latest_started_banner_wins_and_clearing_it_brings_back_the_one_before(client):
    story = make_article()
    older = BreakingNews.objects.create(
        text="Older news", article=story, starts_at=START - timedelta(hours=1)
    )
    newer = BreakingNews.objects.create(
        text="Quake strikes", article=story, starts_at=START - timedelta(minutes=1)
    )
    assert banner_on(client, reverse("articles:home"))
    newer.ends_at = timezone.now()
    newer.save()
    html = client.get(reverse("articles:home")).content.decode()
    assert "Quake strikes" not in html
    assert older.text in html


def test_the_banner_costs_no_query_once_read(client, django_assert_num_queries):
    from articles.reader import breaking

    story = make_article()
    BreakingNews.objects.create(text="Quake strikes", article=story)
    breaking.current()
    with django_assert_num_queries(0):
        showing, _ = breaking.current()
    assert showing.text == "Quake strikes"
