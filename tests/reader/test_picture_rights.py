"""Picture rights windows: a licensed photo leaves the page, the listings, the social card
and the structured data at the instant its window closes, and no cache outlives that."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.media import renditions
from articles.models import Image
from tests.helpers import form_data, jpeg_bytes, login, make_article, make_image

pytestmark = pytest.mark.django_db

CLOSES = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
DEFAULT_CARD = "http://testserver/static/img/default-card.png"


def wire_photo(**fields):
    image = make_image(jpeg_bytes((640, 360)), caption="Wire photo.", credit="Reuters", **fields)
    renditions.prepare(image)
    return image


@pytest.fixture
def story():
    with time_machine.travel(CLOSES - timedelta(days=30), tick=False):
        lead = wire_photo(expires_at=CLOSES)
        figure = wire_photo(expires_at=CLOSES)
        article = make_article(lead_image=lead, body=f"Opening.\n\n[[image:{figure.slug}]]")
    return article


def cache_control(response):
    return dict(part.strip().partition("=")[::2] for part in response["Cache-Control"].split(","))


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]


def test_state_switches_at_the_instant():
    image = wire_photo(expires_at=CLOSES)
    assert image.state(CLOSES - SECOND) == Image.State.AVAILABLE
    assert image.state(CLOSES) == Image.State.EXPIRED
    assert Image.objects.available(CLOSES - SECOND).filter(pk=image.pk).exists()
    assert not Image.objects.available(CLOSES).filter(pk=image.pk).exists()


def test_page_shows_pictures_until_the_window_closes_and_caches_stop_there(client, story):
    with time_machine.travel(CLOSES - 10 * SECOND, tick=False):
        response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert 'class="lead-image"' in html and 'class="figure figure-inline"' in html
    assert "/media/renditions/" in re.search(r'og:image" content="([^"]+)"', html).group(1)
    directives = cache_control(response)
    assert int(directives["max-age"]) <= 10
    assert int(directives["max-age"]) + int(directives["stale-while-revalidate"]) <= 10


def test_at_the_instant_the_pictures_are_gone_everywhere(client, story):
    with time_machine.travel(CLOSES, tick=False):
        html = client.get(story.get_absolute_url()).content.decode()
        home = client.get(reverse("articles:home")).content.decode()
    assert 'class="lead-image"' not in html and "<figure" not in html
    assert "Wire photo." not in html and "/media/renditions/" not in html
    assert re.search(r'og:image" content="([^"]+)"', html).group(1) == DEFAULT_CARD
    blocks = json_ld(html)
    assert blocks[0]["image"] == [DEFAULT_CARD]
    assert not [block for block in blocks if block["@type"] == "ImageObject"]
    assert "card-image" not in home


def test_listing_cache_ends_when_a_listed_picture_expires(client, story):
    with time_machine.travel(CLOSES - 5 * SECOND, tick=False):
        response = client.get(reverse("articles:home"))
    assert "card-image" in response.content.decode()
    assert int(cache_control(response)["max-age"]) <= 5


def test_referencing_an_expired_picture_is_a_form_error_and_nothing_is_lost(client):
    expired = wire_photo(expires_at=datetime(2020, 1, 1, tzinfo=UTC))
    story = make_article()
    login(client, "editor")
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(client.get(url))
    data["body"] = f"New words typed.\n\n[[image:{expired.slug}]]"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is past its licence" in response.content.decode()
    assert "New words typed." in response.content.decode()


def test_article_form_warns_about_a_lead_picture_that_expires_soon(client):
    soon = wire_photo(expires_at=datetime.now(UTC) + timedelta(days=2))
    story = make_article(lead_image=soon)
    login(client, "editor")
    response = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert f"The picture “{soon.alt_text}” expires on" in response.content.decode()


def test_admin_index_lists_pictures_expiring_soon(client):
    soon = wire_photo(expires_at=datetime.now(UTC) + timedelta(days=2))
    story = make_article(lead_image=soon, headline="Summit photo story")
    login(client, "editor")
    html = client.get(reverse("admin:index")).content.decode()
    panel = html[html.index('id="expiring-pictures"') :]
    assert soon.alt_text in panel and story.headline in panel


@pytest.mark.parametrize(
    ("rights", "alts"),
    [
        ("available", {"Open-ended", "Expiring soon"}),
        ("expiring", {"Expiring soon"}),
        ("expired", {"Expired"}),
        ("pending", {"Embargoed"}),
    ],
)
def test_picture_changelist_filters_by_rights_status(client, rights, alts):
    """The picture library's rights filter lists exactly the pictures in that state now."""
    with time_machine.travel(CLOSES, tick=False):
        make_image(jpeg_bytes((64, 64)), alt_text="Open-ended")
        make_image(jpeg_bytes((64, 64)), alt_text="Expiring soon", expires_at=CLOSES + 2 * DAY)
        make_image(jpeg_bytes((64, 64)), alt_text="Expired", expires_at=CLOSES - SECOND)
        make_image(jpeg_bytes((64, 64)), alt_text="Embargoed", available_from=CLOSES + SECOND)
        login(client, "editor")
        response = client.get(reverse("admin:articles_image_changelist"), {"rights": rights})
    assert {image.alt_text for image in response.context["cl"].result_list} == alts


@pytest.mark.parametrize(
    ("instant", "state"),
    [
        (CLOSES - 2 * DAY - SECOND, Image.State.PENDING),
        (CLOSES - 2 * DAY, Image.State.AVAILABLE),
        (CLOSES - SECOND, Image.State.AVAILABLE),
        (CLOSES, Image.State.EXPIRED),
    ],
)
def test_picture_state_and_querysets_agree_on_both_sides_of_each_boundary(instant, state):
    """A picture's state and the available(), pending() and expired() queries switch at the
    same instants, as a video's do."""
    image = make_image(jpeg_bytes((64, 64)), available_from=CLOSES - 2 * DAY, expires_at=CLOSES)
    assert image.state(instant) == state
    for query, expected in (
        (Image.objects.available(instant), Image.State.AVAILABLE),
        (Image.objects.pending(instant), Image.State.PENDING),
        (Image.objects.expired(instant), Image.State.EXPIRED),
    ):
        assert query.filter(pk=image.pk).exists() == (state == expected)
