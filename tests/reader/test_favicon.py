"""Browsers find the site's icon: /favicon.ico answers, and every reader page links it."""

import io

import pytest
from django.test import Client
from PIL import Image as PILImage

from tests.helpers import make_article


def test_favicon_ico_is_an_icon():
    """The address every browser asks for on each visit is a real icon, not a 404."""
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    icon = PILImage.open(io.BytesIO(content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    assert "max-age" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_reader_pages_link_the_icon(client):
    """The home page, a story and the 404 page link the icon from their head."""
    article = make_article()
    for url, status in (("/", 200), (article.get_absolute_url(), 200), ("/no-such-page/", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert '<link rel="icon" href="/favicon.ico"' in response.content.decode()
