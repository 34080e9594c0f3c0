"""An author page lists the photographs the person took, from stories readers can see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.media import renditions
from articles.models import Article
from tests.helpers import QUERIES, add_byline, jpeg_bytes, make_article, make_image, make_person

pytestmark = pytest.mark.django_db


def photograph(person, **fields):
    image = make_image(jpeg_bytes((320, 200)), photographer=person, **fields)
    renditions.prepare(image)
    return image


def test_author_page_lists_photographs_from_published_stories_only(client):
    jane = make_person(name="Jane Doe")
    shown = photograph(jane, alt_text="Ministers arrive")
    in_draft = photograph(jane, alt_text="Draft only")
    expired = photograph(jane, alt_text="Licence over", expires_at=timezone.now())
    story = make_article(headline="Summit opens", body=f"[[image:{shown.slug}]]")
    make_article(status=Article.Status.DRAFT, lead_image=in_draft)
    make_article(lead_image=expired)
    response = client.get(jane.get_absolute_url())
    html = response.content.decode()
    assert "Photographs" in html and 'alt="Ministers arrive"' in html
    assert "Summit opens" in html and story.get_absolute_url() in html
    assert "Draft only" not in html and "Licence over" not in html
    assert f"image:{shown.pk}" in response["Surrogate-Key"].split()


def test_author_page_cache_ends_when_a_photograph_expires(client):
    jane = make_person()
    image = photograph(jane, expires_at=timezone.now() + timedelta(seconds=20))
    make_article(lead_image=image)
    response = client.get(jane.get_absolute_url())
    assert "max-age=" in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 20


@pytest.mark.parametrize("count", [1, 5])
def test_author_page_with_photographs_costs_fixed_queries(client, count, assert_page_queries):
    jane = make_person()
    for _ in range(count):
        add_byline(make_article(lead_image=photograph(jane)), jane)
    response = assert_page_queries(client, jane.get_absolute_url(), QUERIES["author page"])
    assert len(response.context["photographs"]) == count
