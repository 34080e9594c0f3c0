"""
Every reader page and the admin changelist cost a fixed, small number of SQL queries.

``PAGES`` is the one table of what each page costs: other tests that count a page's
queries take the figure from here. Each page is requested against a newsroom with one
related row of each kind and against one with many; both must cost exactly the table's
figure, which must be within the page's budget. A new page is one more line in the table.

Figures are for a reader arriving after another one: the page cache is off, but what
every page shares (the section navigation, picture renditions) is already made, and a
story's stored rendering is current; ``RENDERED_ARTICLE_QUERIES`` is the cost of
rendering a story again after a change.
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
from tests.factories import (
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

ARTICLE_BUDGET = 6
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


# name, the page's address in a newsroom, queries it costs, its budget
PAGES = [
    ("article page", lambda room: room.article.get_absolute_url(), 1, ARTICLE_BUDGET),
    ("home page", lambda room: reverse("articles:home"), 2, LISTING_BUDGET),
    ("section page", lambda room: room.section.get_absolute_url(), 3, LISTING_BUDGET),
    ("tag page", lambda room: room.tag.get_absolute_url(), 3, LISTING_BUDGET),
    ("author page", lambda room: room.author.get_absolute_url(), 4, LISTING_BUDGET),
    # count, page, next scheduled story; on PostgreSQL + the snippets of the page shown
    (
        "search page",
        lambda room: reverse("articles:search") + "?q=headline",
        4 if connection.vendor == "postgresql" else 3,
        LISTING_BUDGET,
    ),
    ("corrections page", lambda room: reverse("articles:corrections"), 2, LISTING_BUDGET),
    ("feed", lambda room: reverse("articles:feed"), 5, LISTING_BUDGET),
    (
        "section feed",
        lambda room: reverse("articles:section_feed", kwargs={"section": room.section.slug}),
        6,
        LISTING_BUDGET,
    ),
    (
        "author feed",
        lambda room: reverse("articles:author_feed", kwargs={"slug": room.author.slug}),
        6,
        LISTING_BUDGET,
    ),
    ("corrections feed", lambda room: reverse("articles:corrections_feed"), 2, LISTING_BUDGET),
]
# The first reader after a change renders the story again: the lookup that finds its
# stored rendering out of date, the six queries of ``for_page()``, and the write that
# stores the new rendering.
RENDERED_ARTICLE_QUERIES = 8
QUERIES = {name: queries for name, _, queries, _ in PAGES}
QUERIES["article page, rendered"] = RENDERED_ARTICLE_QUERIES


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("url_for", "queries", "budget"),
    [(url_for, queries, budget) for _, url_for, queries, budget in PAGES],
    ids=[name for name, _, _, _ in PAGES],
)
@pytest.mark.parametrize("related", [1, 12])
@pytest.mark.django_db
def test_reader_page_costs_a_fixed_number_of_queries_within_its_budget(
    client, assert_page_queries, url_for, queries, budget, related
):
    """One related row or many: the same number of queries, never over the page's budget."""
    assert queries <= budget
    assert_page_queries(client, url_for(build_newsroom(related)), queries)


@pytest.mark.parametrize("related", [1, 12])
@pytest.mark.django_db
def test_a_story_rendered_again_after_a_change_costs_fixed_queries(
    client, assert_article_queries, related
):
    """Rendering a story costs the same queries with one related row of each kind or many,
    and the reader after that is served its stored rendering in one."""
    url = build_newsroom(related).article.get_absolute_url()
    assert_article_queries(client, url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == QUERIES["article page"]


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
    """The changelist costs the same for 1 row as for 100, at most twelve queries."""
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
    assert len(response.context["cl"].result_list) == 100
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
