"""Content keys: a change stales exactly the cached pages that show it, and no others."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.delivery import changes, keys, pagecache
from articles.models import Article, Correction, Person
from tests.helpers import (
    CHROME_UA,
    add_attribution,
    add_byline,
    jpeg_bytes,
    make_article,
    make_image,
    make_organization,
    make_person,
    make_section,
    make_tag,
    make_video,
)

# Purges run when a transaction commits: each test commits its changes as the site does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    pagecache.health.down_until = None


class Newsroom:
    """Article A (section SA, tag T, by P, credited to O, a video with a poster, a lead
    picture, a correction) and article B (section SB, by Q), and the pages showing them."""

    def __init__(self):
        self.section_a, self.section_b = make_section(), make_section()
        self.p, self.q = make_person(name="Pat Reporter"), make_person(name="Quinn Writer")
        self.organization = make_organization(name="Reuters")
        self.tag = make_tag()
        self.poster = make_image(jpeg_bytes((160, 90)))
        self.video = make_video(caption="Leaders arrive", poster=self.poster)
        self.picture = make_image(jpeg_bytes((400, 225)))
        self.a = make_article(
            headline="Summit ends",
            section=self.section_a,
            lead_video=self.video,
            lead_image=self.picture,
        )
        self.a.sync_videos()
        self.a.tags.add(self.tag)
        add_byline(self.a, self.p)
        add_attribution(self.a, self.organization)
        Correction.objects.create(article=self.a, text="An earlier version misspelled a name.")
        self.b = make_article(headline="Ferry resumes", section=self.section_b)
        add_byline(self.b, self.q)
        self.pages = {
            "A": self.a.get_absolute_url(),
            "B": self.b.get_absolute_url(),
            "home": reverse("articles:home"),
            "section A": self.section_a.get_absolute_url(),
            "section B": self.section_b.get_absolute_url(),
            "tag": self.tag.get_absolute_url(),
            "author P": self.p.get_absolute_url(),
            "author Q": self.q.get_absolute_url(),
            "feed": reverse("articles:feed"),
            "sitemap": reverse("articles:sitemap", kwargs={"section": "articles"}),
            "corrections": reverse("articles:corrections"),
            "search": reverse("articles:search") + "?q=summit",
        }


def get(client, url):
    return client.get(url, HTTP_USER_AGENT=CHROME_UA)


def cache_every_page(client, room):
    for name, url in room.pages.items():
        get(client, url)
        assert "Age" in get(client, url), f"{name} was not cached"


def stale_pages(client, room):
    """The pages rendered afresh at the next request (no ``Age``: not from the cache)."""
    return {name for name, url in room.pages.items() if "Age" not in get(client, url)}


def edit_a(room):
    room.a.headline = "Summit ends without a deal"
    room.a.save()


def edit_b_body(room):
    room.b.body = "A new first paragraph.\n\nAnd a second."
    room.b.save()


def byline_on_a(room):
    add_byline(room.a, make_person(name="Second Reporter"), order=2)


def attribution_on_a(room):
    add_attribution(room.a, make_organization(name="AFP"), order=2)


def correction_on_a(room):
    Correction.objects.create(article=room.a, text="A date was wrong.")


def video_caption(room):
    room.video.caption = "Leaders leave"
    room.video.save()


def rename_p(room):
    room.p.name = "Pat Reporter-Jones"
    room.p.save()


def rename_organization(room):
    room.organization.name = "Thomson Reuters"
    room.organization.save()


def picture_caption(room):
    room.picture.caption = "Leaders at the summit"
    room.picture.save()


def rename_tag(room):
    room.tag.name = "NATO summit"
    room.tag.save()


def publish_in_section_b(room):
    make_article(headline="Breaking in B", section=room.section_b)


def withdraw_a(room):
    room.a.status = Article.Status.WITHDRAWN
    room.a.save()


def save_a_draft(room):
    make_article(headline="Not ready", section=room.section_a, status=Article.Status.DRAFT)


def tag_b(room):
    room.b.tags.add(room.tag)


ALL = {
    "A",
    "B",
    "home",
    "section A",
    "section B",
    "tag",
    "author P",
    "author Q",
    "feed",
    "sitemap",
    "corrections",
    "search",
}
# change, pages that must be rendered afresh, pages that must still come from the cache
CASES = [
    (
        edit_a,
        {"A", "home", "section A", "tag", "author P", "feed", "sitemap", "corrections", "search"},
        {"B", "section B", "author Q"},
    ),
    (
        edit_b_body,
        {"B", "home", "section B", "author Q", "feed", "sitemap"},
        {"A", "section A", "tag", "author P", "corrections"},
    ),
    (byline_on_a, {"A", "feed"}, {"B", "section B", "author Q", "sitemap"}),
    (attribution_on_a, {"A", "feed"}, {"B", "section B", "author Q", "sitemap"}),
    (correction_on_a, {"A", "corrections"}, {"B", "section B", "author Q", "sitemap", "feed"}),
    (
        video_caption,
        {"A"},
        ALL - {"A"},
    ),
    (rename_p, {"A", "author P", "feed"}, {"B", "home", "section B", "author Q", "sitemap"}),
    (rename_organization, {"A", "feed"}, {"B", "home", "section A", "author P", "sitemap"}),
    (
        picture_caption,
        {"A", "home", "section A", "tag", "author P"},
        {"B", "section B", "author Q", "feed", "sitemap", "corrections"},
    ),
    (rename_tag, {"A", "tag", "feed"}, {"B", "home", "section A", "author P", "sitemap"}),
    (
        publish_in_section_b,
        # B's page lists more from its section
        {"home", "section B", "B", "feed", "sitemap", "search"},
        {"A", "section A", "tag", "author P", "author Q", "corrections"},
    ),
    (
        withdraw_a,
        {"A", "home", "section A", "tag", "author P", "feed", "sitemap", "corrections", "search"},
        {"B", "section B", "author Q"},
    ),
    (save_a_draft, set(), ALL),
    # A's page lists the stories that share its tag as related
    (
        tag_b,
        {"A", "B", "tag", "home", "feed", "search"},
        {"section A", "author P", "corrections"},
    ),
]


@pytest.mark.parametrize(
    ("change", "stale", "cached"), CASES, ids=[change.__name__ for change, _, _ in CASES]
)
def test_a_change_stales_the_pages_that_show_it_and_no_others(client, change, stale, cached):
    """Each kind of change: the pages showing it re-render, unrelated pages stay cached."""
    room = Newsroom()
    cache_every_page(client, room)
    change(room)
    afresh = stale_pages(client, room)
    assert stale <= afresh, f"still cached: {stale - afresh}"
    assert not (cached & afresh), f"rendered again needlessly: {cached & afresh}"


def test_renaming_a_section_stales_every_page(client):
    """The section navigation is on every page: a section change flushes them all."""
    room = Newsroom()
    cache_every_page(client, room)
    room.section_b.name = "Europe"
    room.section_b.save()
    assert stale_pages(client, room) == ALL
    assert "Europe" in get(client, room.pages["A"]).content.decode()


def test_a_scheduled_article_going_live_ends_only_the_lists_it_joins(client):
    """No purge runs at the instant: the lists it joins were cached only until then."""
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        room = Newsroom()
        make_article(
            headline="Embargoed", section=room.section_b, published_at=start + timedelta(minutes=2)
        )
        cache_every_page(client, room)
        traveller.shift(timedelta(minutes=2, seconds=1))
        afresh = stale_pages(client, room)
        home = get(client, room.pages["home"]).content.decode()
    # B's page lists more from its section, so it too was cached only until then.
    assert {"home", "section B", "B", "feed", "sitemap"} <= afresh
    assert not ({"A", "section A", "tag", "author P", "author Q"} & afresh)
    assert "Embargoed" in home


@pytest.mark.parametrize("page", ["A", "home", "author P", "feed", "sitemap"])
def test_cacheable_pages_name_their_content_keys(client, page):
    """``Surrogate-Key`` lists the keys a cache in front of the site purges by."""
    room = Newsroom()
    response = get(client, room.pages[page])
    assert keys.SITE in response[keys.HEADER].split()
    expected = {
        "A": {
            f"article:{room.a.pk}",
            f"section:{room.section_a.pk}",
            f"person:{room.p.pk}",
            f"organization:{room.organization.pk}",
            f"video:{room.video.pk}",
            f"image:{room.poster.pk}",
            f"image:{room.picture.pk}",
            f"tag:{room.tag.pk}",
        },
        "home": {"articles", f"article:{room.a.pk}", f"article:{room.b.pk}"},
        "author P": {f"person:{room.p.pk}", f"person:{room.p.pk}:articles", f"article:{room.a.pk}"},
        "feed": {"feeds"},
        "sitemap": {"sitemap"},
    }[page]
    assert expected <= set(response[keys.HEADER].split())
    assert f"article:{room.b.pk}" not in response[keys.HEADER] or page in ("home", "feed")


def test_a_change_made_without_save_is_purged_by_the_documented_call(client):
    """``QuerySet.update`` sends no signal; ``changes.changed(...)`` purges what it touched."""
    room = Newsroom()
    cache_every_page(client, room)
    Person.objects.filter(pk=room.p.pk).update(name="Renamed Quietly")
    assert "Age" in get(client, room.pages["A"])
    changes.changed(room.p)
    page = get(client, room.pages["A"])
    assert "Age" not in page
    assert "Renamed Quietly" in page.content.decode()


def test_a_rolled_back_change_purges_nothing(client):
    """Purges wait for the commit: a change that is rolled back stales no page."""
    from django.db import transaction

    room = Newsroom()
    cache_every_page(client, room)
    with pytest.raises(RuntimeError), transaction.atomic():
        edit_a(room)
        raise RuntimeError
    assert stale_pages(client, room) == set()


def test_a_page_rendered_before_a_purge_is_not_kept_after_it(client, monkeypatch):
    """A page whose rendering began before a change committed is not served after the
    change's purge, even when it is stored after the purge ran."""
    room = Newsroom()
    url = room.pages["A"]
    real_store = pagecache.PageStore.store

    def store_after_a_purge(self, cache, key, sequence, response):
        pagecache.purge({keys.thing("article", room.a.pk)})
        return real_store(self, cache, key, sequence, response)

    monkeypatch.setattr(pagecache.PageStore, "store", store_after_a_purge)
    get(client, url)
    monkeypatch.undo()
    assert "Age" not in get(client, url)
    assert "Age" in get(client, url)
