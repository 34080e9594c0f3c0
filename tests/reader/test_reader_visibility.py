"""
Readers never see a story that is not published now, on any page or feed of the site,
and a scheduled story appears at its instant with no job running.
"""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Correction
from tests.helpers import add_byline, make_article, make_person

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GOES_LIVE = NOW + timedelta(hours=2)
ONE_SECOND = timedelta(seconds=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    """A live story and one hidden story per state, all by one reporter with a correction."""
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        person = make_person(slug="the-reporter")
        made = {
            "live": make_article(headline="Live story"),
            "draft": make_article(headline="Draft story", status=Article.Status.DRAFT),
            "review": make_article(headline="Review story", status=Article.Status.REVIEW),
            "scheduled": make_article(headline="Scheduled story", published_at=GOES_LIVE),
            "withdrawn": make_article(headline="Withdrawn story"),
        }
        made["withdrawn"].status = Article.Status.WITHDRAWN
        made["withdrawn"].save()
        for key, article in made.items():
            add_byline(article, person)
            Correction.objects.create(article=article, text=f"Corrected the {key} story.")
    return made


def reader_surfaces(client):
    """The text of every listing and feed a reader can reach."""
    pages = [
        reverse("articles:home"),
        reverse("articles:author", kwargs={"slug": "the-reporter"}),
        reverse("articles:corrections"),
    ]
    texts = {url: client.get(url).content.decode() for url in pages}
    feed = feedparser.parse(client.get(reverse("articles:corrections_feed")).content)
    texts["corrections feed"] = " ".join(
        f"{entry.title} {entry.description}" for entry in feed.entries
    )
    return texts


@pytest.mark.parametrize("hidden", ["draft", "review", "scheduled", "withdrawn"])
def test_unpublished_story_is_on_no_reader_surface(client, stories, hidden):
    """Draft, in-review, scheduled and withdrawn stories appear nowhere; the live one does."""
    with time_machine.travel(NOW, tick=False):
        surfaces = reader_surfaces(client)
        for url, text in surfaces.items():
            assert "Live story" in text, url
            assert stories[hidden].headline not in text, url
            assert f"Corrected the {hidden} story." not in text, url
        assert client.get(stories[hidden].get_absolute_url()).status_code == 404
        assert client.get(stories["live"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("instant", "visible"),
    [(GOES_LIVE - ONE_SECOND, False), (GOES_LIVE, True), (GOES_LIVE + ONE_SECOND, True)],
)
def test_scheduled_story_appears_at_its_instant(client, stories, instant, visible):
    """At its publish time, and not a second before, the story is on every surface."""
    article = stories["scheduled"]
    with time_machine.travel(instant, tick=False):
        for url, text in reader_surfaces(client).items():
            assert ("Scheduled story" in text) == visible, url
        expected = 200 if visible else 404
        assert client.get(article.get_absolute_url()).status_code == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"published_at": GOES_LIVE},
        {"status": Article.Status.WITHDRAWN},
    ],
    ids=["draft", "review", "scheduled", "withdrawn"],
)
def test_a_tag_or_person_only_an_unpublished_story_names_has_no_reader_page(client, fields):
    """Their names would tell readers what is coming: the tag page, author page and author
    feeds are the site's 404 until a story naming them is live."""
    from articles.models import Tag

    with time_machine.travel(NOW, tick=False):
        article = make_article(headline="Quiet story", **fields)
        tag = Tag.objects.create(name="Zzsecret merger", slug="zzsecret-merger")
        article.tags.add(tag)
        add_byline(article, make_person(name="Zz Newhire", slug="zz-newhire"))
        urls = [
            reverse("articles:tag", kwargs={"slug": tag.slug}),
            reverse("articles:author", kwargs={"slug": "zz-newhire"}),
            reverse("articles:author_feed", kwargs={"slug": "zz-newhire"}),
            reverse("articles:author_feed_atom", kwargs={"slug": "zz-newhire"}),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, url
            assert "Zz" not in response.content.decode()
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, published_at=NOW - ONE_SECOND
        )
        for url in urls:
            assert client.get(url).status_code == 200, url
