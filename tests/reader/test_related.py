"""Onward journeys: related stories (the editor's first, then those sharing tags) and more
from the section; never the story itself, never one readers cannot see."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles.models import Article, RelatedArticle
from articles.reader import related as related_lists
from tests.helpers import (
    add_byline,
    jpeg_bytes,
    make_article,
    make_image,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def related_of(client, article):
    response = client.get(article.get_absolute_url())
    onward = response.context["onward"]
    return [a.headline for a in onward.related], [a.headline for a in onward.more_from_section]


def choose(article, *related):
    for order, story in enumerate(related):
        RelatedArticle.objects.create(article=article, related=story, order=order)


def test_the_editors_choice_comes_first_then_stories_sharing_tags(client):
    world, sport = make_section(), make_section()
    nato, summit = make_tag(), make_tag()
    story = make_article(headline="Story", section=world)
    story.tags.add(nato, summit)
    both = make_article(
        headline="Both tags", section=sport, published_at=START - timedelta(hours=5)
    )
    both.tags.add(nato, summit)
    one = make_article(headline="One tag", section=sport, published_at=START - timedelta(hours=1))
    one.tags.add(nato)
    untagged = make_article(headline="Untagged", section=sport)
    pick = make_article(
        headline="Editor's pick", section=sport, published_at=START - timedelta(days=9)
    )
    second_pick = make_article(headline="Second pick", section=sport)
    choose(story, pick, second_pick)

    related, _ = related_of(client, story)

    assert related[:2] == ["Editor's pick", "Second pick"]
    assert related[2:] == ["Both tags", "One tag"]
    assert untagged.headline not in related


def test_related_stories_never_include_the_story_or_an_unpublished_one(client):
    tag = make_tag()
    story = make_article(headline="Story")
    story.tags.add(tag)
    hidden = [
        make_article(headline="Draft", status=Article.Status.DRAFT),
        make_article(headline="Withdrawn", status=Article.Status.PUBLISHED),
        make_article(headline="Scheduled", published_at=START + timedelta(hours=2)),
    ]
    Article.objects.filter(headline="Withdrawn").update(status=Article.Status.WITHDRAWN)
    for other in hidden:
        other.tags.add(tag)
    choose(story, *hidden)

    related, more = related_of(client, story)

    assert related == []
    assert "Story" not in more


def test_shared_tags_rank_before_the_section_and_the_section_before_age(client):
    """On SQLite, by shared tags, then the same section, newest first; PostgreSQL ranks
    those with the story's age, so among equals the newer still comes first."""
    world, other = make_section(), make_section()
    a, b = make_tag(), make_tag()
    story = make_article(section=world)
    story.tags.add(a, b)
    rows = {
        "two tags, other section": (other, [a, b], 3),
        "one tag, same section": (world, [a], 2),
        "one tag, other section, newer": (other, [b], 1),
        "one tag, other section, older": (other, [a], 4),
    }
    for headline, (section, tags, hours) in rows.items():
        made = make_article(
            headline=headline, section=section, published_at=START - timedelta(hours=hours)
        )
        made.tags.add(*tags)

    related, _ = related_of(client, story)

    assert related == [
        "two tags, other section",
        "one tag, same section",
        "one tag, other section, newer",
        "one tag, other section, older",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_on_postgresql_a_close_match_from_last_month_yields_to_a_loose_one_from_today(client):
    a, b, c = make_tag(), make_tag(), make_tag()
    story = make_article()
    story.tags.add(a, b, c)
    old = make_article(headline="Old, close", published_at=START - timedelta(days=30))
    old.tags.add(a, b, c)
    fresh = make_article(headline="Fresh, loose", published_at=START - timedelta(hours=1))
    fresh.tags.add(a)

    related, _ = related_of(client, story)

    assert related == ["Fresh, loose", "Old, close"]


def test_more_from_the_section_lists_its_newest_stories_not_shown_above(client):
    world = make_section(name="World")
    tag = make_tag()
    story = make_article(section=world)
    story.tags.add(tag)
    tagged = make_article(headline="Tagged", section=world)
    tagged.tags.add(tag)
    for n in range(6):
        make_article(headline=f"World {n}", section=world, published_at=START - timedelta(hours=n))
    make_article(headline="Elsewhere")

    response = client.get(story.get_absolute_url())
    related, more = related_of(client, story)

    assert related == ["Tagged"]
    assert more == ["World 0", "World 1", "World 2", "World 3"]
    html = response.content.decode()
    assert "More from" in html and html.index("Related") < html.index("More from")


def test_a_scheduled_related_story_ends_the_page_lifetime_at_its_instant(client):
    with time_machine.travel(START, tick=False) as traveller:
        other = make_section()
        story = make_article()
        soon = make_article(
            headline="Soon", section=other, published_at=START + timedelta(seconds=75)
        )
        choose(story, soon)
        before = client.get(story.get_absolute_url())
        traveller.shift(timedelta(seconds=75))
        related, _ = related_of(client, story)
    assert "max-age=75" in before["Cache-Control"]
    assert related == ["Soon"]


def build_story(count):
    section, tag = make_section(), make_tag()
    story = make_article(section=section)
    story.tags.add(tag)
    picks = []
    for n in range(count):
        related = make_article(section=section, lead_image=make_image(jpeg_bytes((400, 225))))
        related.tags.add(tag)
        add_byline(related)
        picks.append(make_article(published_at=START - timedelta(hours=n + 1)))
    choose(story, *picks)
    return story


@pytest.mark.parametrize("count", [1, 10])
def test_an_article_page_costs_the_same_for_one_related_story_or_many(
    client, assert_article_queries, count
):
    story = build_story(count)
    response = assert_article_queries(client, story.get_absolute_url())
    onward = response.context["onward"]
    assert len(onward.related) == min(2 * count, 4)
    # the section's stories not related above
    assert len(onward.more_from_section) == min(max(count - 3, 0), 4)


def test_only_the_newest_stories_sharing_a_tag_are_ranked(client, monkeypatch):
    """A tag on tens of thousands of stories costs what a rare one does: the automatic list
    ranks the newest few sharing a tag, even when an older one shares more."""
    monkeypatch.setattr(related_lists, "CANDIDATES", 2)
    related_lists._queries.cache_clear()
    nato, summit = make_tag(), make_tag()
    old_but_close = make_article(headline="Old, both tags", published_at=START - timedelta(days=2))
    old_but_close.tags.add(nato, summit)
    for n in (1, 2):
        make_article(headline=f"New {n}", published_at=START - timedelta(hours=n)).tags.add(nato)
    story = make_article(headline="Story")
    story.tags.add(nato, summit)
    try:
        related, _ = related_of(client, story)
    finally:
        related_lists._queries.cache_clear()
    assert related == ["New 1", "New 2"]
