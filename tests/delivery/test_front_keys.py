"""Fronts, related stories and the banner in the page cache: a change stales the pages
that show it, and a save elsewhere on the site leaves a front cached."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.delivery import keys, pagecache
from articles.models import Article, BreakingNews, Front, LineUp, Placement, RelatedArticle, Slot
from tests.helpers import CHROME_UA, make_article, make_section

# Purges run when a transaction commits: each test commits its changes as the site does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    pagecache.health.down_until = None


def get(client, url):
    return client.get(url, HTTP_USER_AGENT=CHROME_UA)


def cached(client, url):
    """Whether the next request for ``url`` comes from the page cache."""
    return "Age" in get(client, url)


class Room:
    """A home front leading with a story from section W; a section X with its own front;
    an article page; and a story no front places."""

    def __init__(self):
        self.w, self.x = make_section(), make_section()
        self.lead = make_article(headline="Lead", section=self.w)
        self.other = make_article(headline="Unplaced", section=self.x)
        self.x_story = make_article(headline="X story", section=self.x)
        self.front = Front.objects.create()
        self.slot = Slot.objects.create(front=self.front, title="Lead", size=1, fill=False)
        self.lineup = LineUp.objects.create(
            front=self.front, starts_at=timezone.now() - timedelta(minutes=1)
        )
        self.placement = Placement.objects.create(
            lineup=self.lineup, slot=self.slot, article=self.lead
        )
        self.x_front = Front.objects.create(section=self.x)
        Slot.objects.create(front=self.x_front, title="Top", size=2)
        self.pages = {
            "home": reverse("articles:home"),
            "section X": self.x.get_absolute_url(),
            "X story": self.x_story.get_absolute_url(),
        }

    def warm(self, client):
        for url in self.pages.values():
            get(client, url)
            assert cached(client, url)

    def stale(self, client):
        return {name for name, url in self.pages.items() if not cached(client, url)}


def test_a_front_page_names_its_front_and_every_story_it_places(client):
    room = Room()
    header = get(client, room.pages["home"])[keys.HEADER].split()
    assert f"front:{room.front.pk}" in header
    assert f"article:{room.lead.pk}" in header
    assert keys.SITE in header


def test_moving_a_story_on_a_front_stales_that_front_only(client):
    room = Room()
    room.warm(client)
    top = Slot.objects.create(front=room.front, title="Top", size=2, order=1)
    assert room.stale(client) == {"home"}
    room.warm(client)
    room.placement.slot = top
    room.placement.save()
    assert room.stale(client) == {"home"}


def test_a_new_line_up_or_slot_stales_its_front(client):
    room = Room()
    room.warm(client)
    LineUp.objects.create(front=room.x_front, starts_at=timezone.now())
    assert room.stale(client) == {"section X"}


def test_withdrawing_a_placed_story_stales_the_front_and_fills_its_place(client):
    room = Room()
    room.warm(client)
    room.lead.status = Article.Status.WITHDRAWN
    room.lead.save()
    assert "home" in room.stale(client)
    assert "Lead" not in get(client, room.pages["home"]).content.decode().split("Latest")[0]


def test_an_edit_to_a_story_no_front_places_leaves_other_fronts_cached(client):
    room = Room()
    room.warm(client)
    room.other.body = "A new paragraph."
    room.other.save()
    # Section X lists it (no body shown, but its card may change); the home page shows it
    # too (its latest stories). X's story lists it under "More from", which an edit reaches
    # when the page's lifetime ends: an edit to one story leaves every other story cached.
    assert room.stale(client) == {"home", "section X"}


def test_withdrawing_a_story_listed_under_another_stales_that_page(client):
    room = Room()
    room.warm(client)
    room.other.status = room.other.Status.WITHDRAWN
    room.other.save()
    assert "X story" in room.stale(client)


def test_an_edit_to_a_story_in_another_section_leaves_a_section_front_cached(client):
    room = Room()
    room.warm(client)
    room.lead.body = "A new paragraph."
    room.lead.save()
    assert room.stale(client) == {"home"}


def test_choosing_a_related_story_stales_that_article_only(client):
    room = Room()
    room.warm(client)
    RelatedArticle.objects.create(article=room.x_story, related=room.lead)
    assert room.stale(client) == {"X story"}


def test_setting_or_clearing_the_banner_stales_every_page(client):
    room = Room()
    room.warm(client)
    banner = BreakingNews.objects.create(text="Quake strikes", article=room.lead)
    assert room.stale(client) == set(room.pages)
    assert "Quake strikes" in get(client, room.pages["X story"]).content.decode()
    room.warm(client)
    banner.ends_at = timezone.now()
    banner.save()
    assert room.stale(client) == set(room.pages)
    assert "Quake strikes" not in get(client, room.pages["X story"]).content.decode()


def test_withdrawing_the_story_a_banner_links_to_takes_the_banner_off_every_page(client):
    room = Room()
    BreakingNews.objects.create(text="Quake strikes", article=room.x_story)
    room.warm(client)
    room.x_story.status = Article.Status.WITHDRAWN
    room.x_story.save()
    html = get(client, room.pages["home"]).content.decode()
    assert "Quake strikes" not in html


@pytest.mark.parametrize("where", ["front", "related"])
def test_a_placed_story_readers_cannot_see_is_not_named_and_its_publishing_stales_the_page(
    client, where
):
    """Its id would tell readers it exists: the page names only the front or the related
    list, and the story going live purges that key."""
    room = Room()
    draft = make_article(headline="Zz draft", section=room.w, status=Article.Status.DRAFT)
    if where == "front":
        Slot.objects.filter(pk=room.slot.pk).update(size=2)
        Placement.objects.create(lineup=room.lineup, slot=room.slot, article=draft, order=1)
        url = room.pages["home"]
    else:
        RelatedArticle.objects.create(article=room.x_story, related=draft)
        url = room.pages["X story"]
    header = get(client, url)[keys.HEADER].split()
    assert f"article:{draft.pk}" not in header
    assert cached(client, url)
    get(client, room.pages["section X"])
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(seconds=1)
    draft.save()
    page = get(client, url)
    assert "Age" not in page and "Zz draft" in page.content.decode()
    assert f"article:{draft.pk}" in page[keys.HEADER].split()
