"""Article metadata: canonical link, OpenGraph, Twitter card and JSON-LD that parses."""

import json
import re
from html.parser import HTMLParser

import pytest

from articles.models import Byline
from tests.helpers import (
    add_attribution,
    add_byline,
    jpeg_bytes,
    make_article,
    make_image,
    make_organization,
    make_person,
    make_section,
    make_tag,
)

BASE = "http://testserver"


class Head(HTMLParser):
    """Collects <meta>, <link> and JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld = {}, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")] = attrs["content"]
        elif tag == "link":
            self.links[attrs["rel"]] = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))


def head_of(client, article):
    parser = Head()
    parser.feed(client.get(article.get_absolute_url()).content.decode())
    return parser


@pytest.fixture
def article(db):
    section = make_section(name="World", slug="world")
    story = make_article(
        section=section,
        headline="NATO: no sign of withdrawal",
        dek="Kerry joins a *NATO* summit in Brussels.",
        lead_image=make_image(jpeg_bytes((700, 394)), alt_text="Ministers at NATO"),
    )
    add_byline(story, make_person(name="Alastair Jamieson", slug="alastair-jamieson"))
    add_byline(story, make_person(name="Jane Roe", slug="jane-roe"), order=1)
    add_byline(story, make_person(name="Sam Lens", slug="sam-lens"), role=Byline.Role.PHOTOS)
    add_attribution(story, make_organization(name="Reuters", homepage="https://www.reuters.com"))
    story.tags.add(make_tag(name="NATO"))
    return story


def test_news_article_json_ld_carries_the_fields(client, article):
    news, crumbs = head_of(client, article).json_ld
    url = BASE + article.get_absolute_url()
    assert news["@context"] == "https://schema.org"
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "NATO: no sign of withdrawal"
    assert news["description"] == "Kerry joins a NATO summit in Brussels."
    assert news["datePublished"] == article.published_at.isoformat()
    assert news["dateModified"] == article.published_at.isoformat()
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Alastair Jamieson",
            "url": f"{BASE}/authors/alastair-jamieson/",
        },
        {"@type": "Person", "name": "Jane Roe", "url": f"{BASE}/authors/jane-roe/"},
    ]
    assert news["contributor"] == [
        {"@type": "Person", "name": "Sam Lens", "url": f"{BASE}/authors/sam-lens/"}
    ]
    assert news["sourceOrganization"] == [
        {"@type": "Organization", "name": "Reuters", "url": "https://www.reuters.com"}
    ]
    assert news["publisher"]["name"] == "Newsroom"
    assert news["publisher"]["logo"]["url"] == f"{BASE}/static/img/logo.png"
    assert news["articleSection"] == "World"
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert len(news["image"]) == 2 and all(i.startswith(BASE + "/media/") for i in news["image"])
    assert news["keywords"] == ["NATO"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["item"] for item in crumbs["itemListElement"]] == [
        f"{BASE}/",
        f"{BASE}/world/",
        url,
    ]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3]


def test_updated_story_reports_its_modification_time(client, article):
    from datetime import timedelta

    article.updated_at = article.published_at + timedelta(hours=2)
    article.save()
    news = head_of(client, article).json_ld[0]
    assert news["dateModified"] == article.updated_at.isoformat()
    assert head_of(client, article).meta["article:modified_time"] == article.updated_at.isoformat()


def test_opengraph_twitter_canonical_and_description(client, article):
    head = head_of(client, article)
    url = BASE + article.get_absolute_url()
    assert head.links["canonical"] == url
    assert head.meta["description"] == "Kerry joins a NATO summit in Brussels."
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == article.headline
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:url"] == url
    assert head.meta["article:published_time"] == article.published_at.isoformat()
    assert re.fullmatch(rf"{BASE}/media/renditions/.+-fill1200x630\.jpg", head.meta["og:image"])
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]


def test_configured_site_url_makes_the_absolute_links(client, article, settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.com/"
    head = head_of(client, article)
    assert head.links["canonical"] == "https://news.example.com" + article.get_absolute_url()
    assert head.json_ld[0]["url"] == head.links["canonical"]


def test_json_ld_cannot_close_its_script_element(client, db):
    """A headline with </script> stays inside the JSON: escaped, and still parses."""
    nasty = 'Fish </script><script>alert("x")</script> & chips'
    story = make_article(headline=nasty, dek="<!-- sneaky -->")
    html = client.get(story.get_absolute_url()).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    assert len(scripts) == 2
    assert all("<" not in script and ">" not in script for script in scripts)
    assert json.loads(scripts[0])["headline"] == nasty
    assert "<script>alert" not in html


def test_story_without_picture_shows_the_site_default_image(client, db):
    """NewsArticle.image is always there: without a lead image, the site's default picture."""
    story = make_article()
    head = head_of(client, story)
    default = "http://testserver/static/img/default-card.png"
    assert head.json_ld[0]["image"] == [default]
    assert head.meta["og:image"] == default
    assert head.meta["og:image:width"] == "1200"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.json_ld[0]["author"] == []


@pytest.mark.parametrize("bylines", [1, 6])
def test_article_page_uses_a_fixed_number_of_queries(
    client, article, bylines, assert_article_queries
):
    for _ in range(bylines - 1):
        add_byline(article)
        add_attribution(article)
    assert_article_queries(client, article.get_absolute_url())
