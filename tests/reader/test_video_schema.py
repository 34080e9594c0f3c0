"""schema.org VideoObject JSON-LD: one per video readers can play now, none for the rest."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Video
from articles.reader.structured_data import json_text
from articles.reader.video_schema import iso_duration, poster_rendition
from tests.helpers import make_article, make_video

OPENS = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def video_objects_on_page(client, article, instant):
    with time_machine.travel(instant, tick=False):
        html = client.get(article.get_absolute_url()).content.decode()
    items = [json.loads(text) for text in JSON_LD.findall(html)]
    return [item for item in items if item.get("@type") == "VideoObject"]


@pytest.fixture
def article(db, poster_image):
    lead = make_video(
        title="NATO sees no sign of withdrawal",
        slug="nato-withdrawal",
        description="Ministers meet in *Brussels* <script>alert(1)</script>",
        poster=poster_image,
        duration=timedelta(minutes=2, seconds=14),
        available_from=OPENS,
        expires_at=CLOSES,
    )
    body_video = make_video(
        title="Kerry arrives",
        provider=Video.Provider.YOUTUBE,
        provider_id="dQw4w9WgXcQ",
        available_from=OPENS - timedelta(days=1),
    )
    with time_machine.travel(OPENS - timedelta(days=30), tick=False):
        return make_article(lead_video=lead, body=f"Text.\n\n[[video:{body_video.slug}]]")


def test_an_available_video_is_described_as_a_video_object(client, article):
    """Name, sanitized description, thumbnail, dates, ISO 8601 duration and the file."""
    lead, body_video = article.lead_video, article.videos.exclude(pk=article.lead_video_id).get()
    items = video_objects_on_page(client, article, OPENS)
    assert len(items) == 2
    item = next(item for item in items if item["name"] == lead.title)
    assert item == {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": "NATO sees no sign of withdrawal",
        "description": "Ministers meet in Brussels",
        "thumbnailUrl": [f"http://testserver{poster_rendition(lead.poster).url}"],
        "uploadDate": "2026-03-01T12:00:00+00:00",
        "duration": "PT2M14S",
        "contentUrl": lead.source_url,
        "expires": "2026-03-08T12:00:00+00:00",
    }
    embedded = next(item for item in items if item["name"] == body_video.title)
    assert embedded["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert embedded["thumbnailUrl"] == ["https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"]
    assert "expires" not in embedded and "contentUrl" not in embedded


@pytest.mark.parametrize(
    ("instant", "names"),
    [
        (OPENS - SECOND, {"Kerry arrives"}),
        (OPENS, {"Kerry arrives", "NATO sees no sign of withdrawal"}),
        (CLOSES - SECOND, {"Kerry arrives", "NATO sees no sign of withdrawal"}),
        (CLOSES, {"Kerry arrives"}),
    ],
)
def test_only_videos_available_now_have_a_video_object(client, article, instant, names):
    """Nothing describes a video before its window opens or once it has expired."""
    assert {item["name"] for item in video_objects_on_page(client, article, instant)} == names


def test_a_taken_down_video_has_no_video_object(client, article):
    Video.objects.update(removal_reason=Video.RemovalReason.WITHDRAWN)
    assert video_objects_on_page(client, article, OPENS) == []


def test_seed_article_expired_videos_have_no_video_object(seed_article, client):
    """The reference page's videos expired in 2014: no VideoObject at all."""
    html = client.get(seed_article.get_absolute_url()).content.decode()
    assert "VideoObject" not in html


def test_json_ld_cannot_close_its_script_element(client, db):
    """<, > and & in editor text are JSON escapes, so no text can end the script element."""
    video = make_video(title="</script><script>alert(1)</script> & more")
    article = make_article(body=f"Text.\n\n[[video:{video.slug}]]")
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = JSON_LD.findall(html)
    assert all("<" not in text and "&" not in text for text in blocks)
    (video_object,) = [data for data in map(json.loads, blocks) if data["@type"] == "VideoObject"]
    assert video_object["name"] == video.title
    assert str(json_text({"a": "<&>"})) == '{"a": "\\u003C\\u0026\\u003E"}'


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(seconds=0), "PT0S"),
        (timedelta(seconds=45), "PT45S"),
        (timedelta(minutes=2), "PT2M"),
        (timedelta(hours=1, seconds=5), "PT1H5S"),
        (timedelta(hours=1, minutes=30, seconds=9), "PT1H30M9S"),
    ],
)
def test_durations_are_iso_8601(duration, text):
    assert iso_duration(duration) == text
