"""Pictures placed in a body by reference: a responsive, captioned, credited figure."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from articles.credits import picture_credit
from articles.media import renditions
from articles.models import Article
from tests.helpers import (
    jpeg_bytes,
    make_article,
    make_image,
    make_organization,
    make_person,
)

pytestmark = pytest.mark.django_db


def figures(html):
    return re.findall(r'<figure class="figure[^"]*">.*?</figure>', html, re.S)


def credited_picture(**fields):
    fields.setdefault("photographer", make_person(name="Jane Doe"))
    fields.setdefault("agency", make_organization(name="Reuters"))
    fields.setdefault("caption", "Ministers arrive in Brussels.")
    image = make_image(jpeg_bytes((800, 450)), **fields)
    renditions.prepare(image)  # as the image library does when a picture is saved
    return image


def test_picture_credit_joins_people_and_organizations():
    """One credit rule: “Jane Doe/Reuters”, “Reuters”, “Jane Doe”, or the free text."""
    jane, reuters = make_person(name="Jane  Doe"), make_organization(name="Reuters")
    assert picture_credit(jane, reuters) == "Jane Doe/Reuters"
    assert picture_credit(None, reuters, "ignored") == "Reuters"
    assert picture_credit(jane) == "Jane Doe"
    assert picture_credit(None, None, "Courtesy of the NATO Press Office") == (
        "Courtesy of the NATO Press Office"
    )


def test_figure_has_picture_srcset_caption_and_credit(client):
    image = credited_picture()
    story = make_article(body=f"Opening.\n\n[[image:{image.slug}]]\n\nClosing.")
    html = client.get(story.get_absolute_url()).content.decode()
    (figure,) = figures(html)
    assert 'class="figure figure-inline"' in figure
    assert '<source type="image/webp" srcset="' in figure
    assert re.search(r'srcset="[^"]+320w, [^"]+640w, [^"]+800w"', figure)
    assert 'sizes="' in figure and 'width="640"' in figure and 'height="360"' in figure
    assert 'loading="lazy"' in figure
    assert f'alt="{image.alt_text}"' in figure
    assert "Ministers arrive in Brussels." in figure
    assert '<span class="credit">Jane Doe/Reuters</span>' in figure
    assert image.file.url not in html  # renditions only, never the stored original


def test_figure_caption_override_and_full_width(client):
    image = credited_picture()
    story = make_article(body=f"[[image:{image.slug} full | Kerry & Lavrov <b>meet</b>]]")
    (figure,) = figures(client.get(story.get_absolute_url()).content.decode())
    assert 'class="figure figure-full"' in figure
    assert "Kerry &amp; Lavrov &lt;b&gt;meet&lt;/b&gt;" in figure
    assert "Ministers arrive" not in figure


@pytest.mark.parametrize("count", [1, 6])
def test_article_page_with_figures_costs_fixed_queries(client, count, assert_article_queries):
    """One figure or many, credited by people and organizations: the same query count."""
    images = [credited_picture() for _ in range(count)]
    body = "\n\n".join(["Opening."] + [f"[[image:{image.slug}]]" for image in images])
    story = make_article(body=body, lead_image=credited_picture())
    response = assert_article_queries(client, story.get_absolute_url())
    assert len(figures(response.content.decode())) == count


def test_figures_are_image_objects_in_structured_data(client):
    image = credited_picture(
        copyright_notice="© 2026 Reuters", usage_terms="https://example.com/licence"
    )
    story = make_article(body=f"[[image:{image.slug}]]")
    html = client.get(story.get_absolute_url()).content.decode()
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]
    (picture,) = [block for block in blocks if block["@type"] == "ImageObject"]
    assert picture["creditText"] == "Jane Doe/Reuters"
    assert picture["creator"]["name"] == "Jane Doe"
    assert picture["copyrightNotice"] == "© 2026 Reuters"
    assert picture["license"] == "https://example.com/licence"
    assert picture["contentUrl"].startswith("http://testserver/media/renditions/")


def test_figure_keys_name_the_picture_and_its_credits(client):
    image = credited_picture()
    story = make_article(body=f"[[image:{image.slug}]]")
    keys = client.get(story.get_absolute_url())["Surrogate-Key"].split()
    assert f"image:{image.pk}" in keys
    assert f"person:{image.photographer_id}" in keys
    assert f"organization:{image.agency_id}" in keys


def test_a_reference_to_a_missing_picture_is_a_form_error():
    story = make_article()
    story.body = "Text.\n\n[[image:no-such-picture]]"
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "No picture has the reference [[image:no-such-picture]]." in str(error.value)


def test_a_picture_without_alt_text_is_a_form_error():
    image = make_image(alt_text="")
    story = make_article()
    story.body = f"[[image:{image.slug}]]"
    with pytest.raises(ValidationError, match="has no alt text"):
        story.full_clean()


def test_saving_records_the_pictures_the_story_shows():
    lead, figure = make_image(), make_image()
    story = make_article(lead_image=lead, body=f"[[image:{figure.slug}]]")
    assert set(story.images.all()) == {lead, figure}
    story.body = "No pictures now."
    story.save()
    assert list(Article.objects.get(pk=story.pk).images.all()) == [lead]
