"""
Every reader page and the admin changelist cost a fixed, small number of SQL queries.

Each page in ``READER_PAGES`` is requested against a newsroom with one related row of each
kind and against one with many; both must stay within the page's budget and cost the same.
A new page is one more line in the table.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Byline, Image
from tests.factories import (
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
    make_section,
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


def png_file(name="poster.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_poster():
    return Image.objects.create(file=png_file(), alt_text="A still from the video")


def build_newsroom(related):
    """An article with ``related`` bylines, attributions and videos, among ``related`` stories."""
    section = make_section()
    author = make_person()
    organization = make_organization(name="Reuters")
    videos = [
        make_video(poster=make_poster(), credit_organization=organization) for _ in range(related)
    ]
    body = "\n\n".join(["Opening paragraph."] + [f"[[video:{video.slug}]]" for video in videos[1:]])
    article = make_article(section=section, lead_video=videos[0], body=body)
    add_byline(article, author)
    roles = list(Byline.Role)
    for order in range(1, related):
        add_byline(article, role=roles[order % len(roles)], order=order)
    for order in range(related):
        if order % 2:
            add_attribution(article, person=make_person(), order=order)
        else:
            add_attribution(article, organization=make_organization(), order=order)
    for _ in range(related - 1):
        story = make_article(section=make_section())
        add_byline(story, author)
        add_byline(story)
    return Newsroom(article=article, author=author)


READER_PAGES = [
    ("article page", lambda newsroom: newsroom.article.get_absolute_url(), ARTICLE_BUDGET),
    ("home page", lambda newsroom: reverse("articles:home"), LISTING_BUDGET),
    ("author page", lambda newsroom: newsroom.author.get_absolute_url(), LISTING_BUDGET),
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("url_for", "budget"),
    [(url_for, budget) for _, url_for, budget in READER_PAGES],
    ids=[name for name, _, _ in READER_PAGES],
)
@pytest.mark.django_db
def test_reader_page_costs_a_fixed_number_of_queries_within_its_budget(client, url_for, budget):
    """One related row or many: the same number of queries, never over the page's budget."""
    one = queries_for(client, url_for(build_newsroom(1)))
    many = queries_for(client, url_for(build_newsroom(12)))
    assert one <= budget
    assert many == one


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
