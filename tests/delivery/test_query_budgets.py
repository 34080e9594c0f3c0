"""
Every reader page and the admin changelist cost a fixed, small number of SQL queries.

``QUERIES`` (tests/helpers.py) is the one table of what each page costs: every test that
counts a page's queries takes the figure from it; ``PAGES`` here adds each page's budget.
Each page is requested against a newsroom with one related row of each kind and against
one with many; both must cost exactly the table's figure, which must be within the page's
budget. A new page is one more line in each table.

Figures are for a reader arriving after another one: the page cache is off, but what
every page shares (the section navigation, picture renditions) is already made. Every
page is rendered from its rows.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Byline, Correction, Image, Section, Tag
from tests.helpers import (
    QUERIES,
    add_attribution,
    add_byline,
    jpeg_bytes,
    make_article,
    make_image,
    make_organization,
    make_person,
    make_section,
    make_tag,
    make_user,
    make_video,
)

ARTICLE_BUDGET = 11
LISTING_BUDGET = 8
CHANGELIST_BUDGET = 12


@dataclass
class Newsroom:
    article: Article
    author: object
    section: Section
    tag: Tag


def png_file(name="poster.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_poster():
    return Image.objects.create(file=png_file(), alt_text="A still from the video")


def build_newsroom(related):
    """An article with ``related`` bylines, attributions, videos, corrections and tags,
    among ``related`` pictured stories in its section and under its tag."""
    section = make_section()
    author = make_person()
    organization = make_organization(name="Reuters")
    tags = [make_tag() for _ in range(related)]
    videos = [
        make_video(poster=make_poster(), credit_organization=organization) for _ in range(related)
    ]
    body = "\n\n".join(["Opening paragraph."] + [f"[[video:{video.slug}]]" for video in videos[1:]])
    article = make_article(
        section=section,
        lead_video=videos[0],
        lead_image=make_image(jpeg_bytes((400, 225))),
        body=body,
    )
    article.tags.add(*tags)
    add_byline(article, author)
    roles = list(Byline.Role)
    for order in range(1, related):
        add_byline(article, role=roles[order % len(roles)], order=order)
    for order in range(related):
        if order % 2:
            add_attribution(article, person=make_person(), order=order)
        else:
            add_attribution(article, organization=make_organization(), order=order)
        Correction.objects.create(article=article, text=f"Note {order}.")
    for number in range(related - 1):
        story = make_article(
            section=section if number % 2 else make_section(),
            lead_image=make_image(jpeg_bytes((400, 225))),
        )
        story.tags.add(tags[0])
        add_byline(story, author)
        add_byline(story)
    return Newsroom(article=article, author=author, section=section, tag=tags[0])


# name, the page's address in a newsroom, its budget (what it costs: QUERIES in helpers)
PAGES = [
    ("article page", lambda room: room.article.get_absolute_url(), ARTICLE_BUDGET),
    ("home page", lambda room: reverse("articles:home"), LISTING_BUDGET),
    ("section page", lambda room: room.section.get_absolute_url(), LISTING_BUDGET),
    ("tag page", lambda room: room.tag.get_absolute_url(), LISTING_BUDGET),
    ("author page", lambda room: room.author.get_absolute_url(), LISTING_BUDGET),
    ("search page", lambda room: reverse("articles:search") + "?q=headline", LISTING_BUDGET),
    ("corrections page", lambda room: reverse("articles:corrections"), LISTING_BUDGET),
    ("feed", lambda room: reverse("articles:feed"), LISTING_BUDGET),
    (
        "section feed",
        lambda room: reverse("articles:section_feed", kwargs={"section": room.section.slug}),
        LISTING_BUDGET,
    ),
    (
        "author feed",
        lambda room: reverse("articles:author_feed", kwargs={"slug": room.author.slug}),
        LISTING_BUDGET,
    ),
    ("corrections feed", lambda room: reverse("articles:corrections_feed"), LISTING_BUDGET),
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("url_for", "queries", "budget"),
    [(url_for, QUERIES[name], budget) for name, url_for, budget in PAGES],
    ids=[name for name, _, _ in PAGES],
)
@pytest.mark.parametrize("related", [1, 12])
@pytest.mark.django_db
def test_reader_page_costs_a_fixed_number_of_queries_within_its_budget(
    client, assert_page_queries, url_for, queries, budget, related
):
    """One related row or many: the same number of queries, never over the page's budget."""
    assert queries <= budget
    assert_page_queries(client, url_for(build_newsroom(related)), queries)


@pytest.mark.django_db
def test_many_related_rows_all_reach_the_article_page(client):
    """The budget is not met by leaving credits or videos out of the page."""
    newsroom = build_newsroom(12)
    html = client.get(newsroom.article.get_absolute_url()).content.decode()
    for byline in newsroom.article.bylines.all():
        assert byline.person.name in html
    for attribution in newsroom.article.attributions.all():
        assert attribution.credited_name in html
    assert html.count('<figure class="video">') == 12


def make_changelist_rows(count):
    section = make_section()
    for _ in range(count):
        article = make_article(section=section, lead_video=make_video())
        add_byline(article)


@pytest.mark.django_db
def test_admin_changelist_of_a_hundred_articles_stays_within_budget(client):
    """The changelist costs the same for 1 row as for a full page of 100 articles, at most
    twelve queries."""
    client.force_login(make_user(superuser=True))
    url = reverse("admin:articles_article_changelist")
    make_changelist_rows(1)
    one = queries_for(client, url)
    make_changelist_rows(99)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 100
    listing = [
        q["sql"] for q in queries.captured_queries if '"articles_article"."headline"' in q["sql"]
    ]
    assert len(listing) == 1
    assert '"body_html"' not in listing[0]
    assert len(response.context["cl"].result_list) == response.context["cl"].list_per_page
    assert one <= CHANGELIST_BUDGET
    assert len(queries) == one


@pytest.mark.django_db
def test_author_page_lists_a_story_once_when_the_author_has_two_roles_on_it(client):
    """Found by subquery rather than a join, a story credited twice still appears once."""
    author = make_person()
    story = make_article(headline="Ferry service resumes")
    add_byline(story, author, role=Byline.Role.BY)
    add_byline(story, author, role=Byline.Role.PHOTOS)
    make_article(headline="Someone else's story")
    response = client.get(author.get_absolute_url())
    assert [article.pk for article in response.context["articles"]] == [story.pk]
    assert response.content.decode().count("Ferry service resumes") == 1
