"""The image library in the admin: pictures in use cannot be deleted, and people and
organizations list the pictures they are credited on."""

import pytest
from django.urls import reverse

from articles.models import Image
from tests.helpers import (
    form_data,
    login,
    make_article,
    make_image,
    make_organization,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_deleting_a_picture_in_use_is_refused_with_the_stories(client):
    image = make_image()
    make_article(headline="Lead story", lead_image=image)
    make_article(headline="Body story", body=f"[[image:{image.slug}]]")
    login(client, "editor")
    url = reverse("admin:articles_image_delete", args=[image.pk])
    page = client.get(url).content.decode()
    assert "Lead story" in page and "Body story" in page
    client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_picture_nobody_uses_can_be_deleted(client):
    image = make_image()
    login(client, "editor")
    client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})
    assert not Image.objects.filter(pk=image.pk).exists()


def test_the_picture_page_lists_the_stories_using_it(client):
    image = make_image()
    make_article(headline="Summit in pictures", body=f"[[image:{image.slug}]]")
    login(client, "editor")
    html = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()
    assert "Summit in pictures" in html


def test_people_and_organizations_list_their_picture_credits(client):
    jane, reuters = make_person(name="Jane Doe"), make_organization(name="Reuters")
    image = make_image(alt_text="Ministers arrive", photographer=jane, agency=reuters)
    login(client, "editor")
    for url in (
        reverse("admin:articles_person_change", args=[jane.pk]),
        reverse("admin:articles_organization_change", args=[reuters.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Credit on the picture" in html and "Ministers arrive" in html
        assert reverse("admin:articles_image_change", args=[image.pk]) in html


def test_a_credited_photographer_cannot_be_deleted(client):
    jane = make_person(name="Jane Doe")
    make_image(alt_text="Ministers arrive", photographer=jane)
    login(client, "editor")
    url = reverse("admin:articles_person_delete", args=[jane.pk])
    assert "Credit on the picture" in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    assert jane.__class__.objects.filter(pk=jane.pk).exists()


def test_a_placed_pictures_reference_cannot_change(client):
    image = make_image()
    make_article(headline="Body story", body=f"[[image:{image.slug}]]")
    login(client, "editor")
    url = reverse("admin:articles_image_change", args=[image.pk])
    data = form_data(client.get(url))
    data["slug"] = "a-new-reference"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "change [[image:…]] in them first: “Body story”" in response.content.decode()
