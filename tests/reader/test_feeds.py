"""RSS 2.0 and Atom feeds: valid for feed readers, published stories only, with credits."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from tests.helpers import (
    QUERIES,
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
    make_section,
    make_tag,
)


@pytest.fixture
def story(db):
    section = make_section(name="World", slug="world")
    article = make_article(
        section=section, headline="NATO & Russia: <no> withdrawal", dek="A *dek* here."
    )
    add_byline(article, make_person(name="Alastair Jamieson", slug="alastair-jamieson"))
    add_byline(article, make_person(name="Jane Roe", slug="jane-roe"), order=1)
    add_byline(article, make_person(name="Sam Lens"), role=Byline.Role.PHOTOS)
    add_attribution(article, make_organization(name="Reuters"))
    article.tags.add(make_tag(name="NATO"))
    make_article(section=section, headline="Draft story", status=Article.Status.DRAFT)
    make_article(
        section=section, headline="Future story", published_at=timezone.now() + timedelta(hours=2)
    )
    return article


def feed_urls():
    return [
        ("articles:feed", {}),
        ("articles:feed_atom", {}),
        ("articles:section_feed", {"section": "world"}),
        ("articles:section_feed_atom", {"section": "world"}),
        ("articles:author_feed", {"slug": "alastair-jamieson"}),
        ("articles:author_feed_atom", {"slug": "alastair-jamieson"}),
    ]


@pytest.mark.parametrize(("name", "kwargs"), feed_urls())
def test_every_feed_parses_without_errors_and_lists_only_published_stories(
    client, story, name, kwargs
):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if name.endswith("atom") else "rss20")
    assert [entry.title for entry in parsed.entries] == ["NATO & Russia: <no> withdrawal"]
    entry = parsed.entries[0]
    assert entry.link == "http://testserver" + story.get_absolute_url()
    assert entry.author == "Alastair Jamieson and Jane Roe"
    assert "By Alastair Jamieson and Jane Roe" in entry.summary
    assert "Photographs by Sam Lens" in entry.summary
    assert "Reuters contributed to this report." in entry.summary
    assert "<em>dek</em>" in entry.summary
    assert {tag.term for tag in entry.tags} == {"World", "NATO"}


def test_author_feed_lists_only_their_stories(client, story):
    make_article(section=story.section, headline="Someone else's")
    other = make_article(section=story.section, headline="Photos only")
    add_byline(other, story.bylines.get(role=Byline.Role.PHOTOS).person, role=Byline.Role.PHOTOS)
    url = reverse("articles:author_feed", kwargs={"slug": "alastair-jamieson"})
    titles = [entry.title for entry in feedparser.parse(client.get(url).content).entries]
    assert titles == [story.headline]


def test_unknown_section_or_author_feed_is_not_found(client, db):
    assert client.get("/nowhere/feed/").status_code == 404
    assert client.get("/authors/nobody/feed/").status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_feeds_use_a_fixed_number_of_queries(client, db, count, django_assert_num_queries):
    section = make_section(slug="world")
    person = make_person(slug="writer")
    for _ in range(count):
        article = make_article(section=section)
        add_byline(article, person)
        add_byline(article)
        add_attribution(article)
        article.tags.add(make_tag())
    # articles, bylines, attributions, tags, next scheduled story (+ the section or author)
    costs = [QUERIES["feed"]] * 2 + [QUERIES["section feed"]] * 2 + [QUERIES["author feed"]] * 2
    for (name, kwargs), queries in zip(feed_urls(), costs, strict=True):
        kwargs = {"section": "world"} if "section" in kwargs else kwargs
        kwargs = {"slug": "writer"} if "slug" in kwargs else kwargs
        with django_assert_num_queries(queries):
            client.get(reverse(name, kwargs=kwargs))


@pytest.mark.django_db
def test_a_channel_description_is_escaped_text_in_rss_and_plain_text_in_atom(client):
    """RSS readers show a channel's description as HTML, so an editor's section text
    arrives there escaped; Atom's subtitle is text by definition and arrives as typed."""
    make_section(slug="world", description="Wars & <b>peace</b>")
    rss = client.get("/world/feed/").content.decode()
    atom = client.get("/world/feed/atom/").content.decode()
    assert (
        "<description>Wars &amp;amp; &amp;lt;b&amp;gt;peace&amp;lt;/b&amp;gt;</description>" in rss
    )
    assert "<subtitle>Wars &amp; &lt;b&gt;peace&lt;/b&gt;</subtitle>" in atom
    assert feedparser.parse(rss).feed.description == "Wars &amp; &lt;b&gt;peace&lt;/b&gt;"
