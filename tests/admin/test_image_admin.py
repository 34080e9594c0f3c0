"""Editing a picture's words in the admin keeps its file and needs no new upload."""

import pytest
from django.urls import reverse

from tests.helpers import form_data, login, make_image

pytestmark = pytest.mark.django_db


def test_an_images_alt_text_is_changed_without_uploading_it_again(client):
    """The form as a browser sends it (no file chosen) saves the new alt text."""
    image = make_image(alt_text="Old words")
    stored = image.file.name
    login(client, "editor")
    url = reverse("admin:articles_image_change", args=[image.pk])
    data = form_data(client.get(url))
    data["alt_text"] = "Ministers arrive at NATO headquarters"
    assert client.post(url, data).status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Ministers arrive at NATO headquarters"
    assert image.file.name == stored
