"""
Story pages are rendered once per change, stored, and finished for each request.

The stored rendering must never show readers anything the rows no longer say, nor a
video outside its rights window, nor a story that is not published now.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import (
    Article,
    ContentGeneration,
    Correction,
    StoryRendering,
)
from articles.models.videos import EXPIRED_MESSAGE
from tests.factories import (
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
    make_tag,
    make_video,
)
from tests.test_page_cache import CHANGES, unpublish_article
from tests.test_query_budgets import QUERIES

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def page(client, article, **headers):
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, article):
    with CaptureQueriesContext(connection) as queries:
        html = page(client, article)
    return len(queries), html


@pytest.fixture
def story():
    article = make_article(headline="Summit ends", body="Leaders met.\n\n[[video:talks]]")
    add_byline(article, make_person(name="Jane Doe"))
    add_attribution(article, organization=make_organization(name="Reuters"))
    make_video(slug="talks", title="Talks", caption="At the summit")
    article.sync_videos()  # places the video now that it exists
    return article


@pytest.fixture
def client(client, story):
    client.get("/")  # the section navigation, with the story's section, is made
    return client


def test_the_first_reader_stores_the_rendering_and_the_next_is_served_it(client, story):
    count, first = queries_for(client, story)
    assert count == QUERIES["article page, rendered"]
    stored = StoryRendering.objects.get(article=story)
    assert stored.origin == "http://testserver"
    count, second = queries_for(client, story)
    assert count == QUERIES["article page"]
    assert second == first
    assert "Jane Doe" in second and "Reuters contributed to this report." in second


def change_video(story):
    video = story.videos.get()
    video.caption = "Leaders at the table"
    video.save()
    return "Leaders at the table"


def add_correction(story):
    Correction.objects.create(article=story, text="An earlier version misspelled a name.")
    return "An earlier version misspelled a name."


def add_tag(story):
    story.tags.add(make_tag(name="Diplomacy talks"))
    return "Diplomacy talks"


# The page cache's list of changes, and what only a story page shows.
STORY_CHANGES = [*CHANGES, change_video, add_correction, add_tag]


@pytest.mark.parametrize("change", STORY_CHANGES, ids=[c.__name__ for c in STORY_CHANGES])
def test_any_change_a_story_shows_renders_it_again(client, story, change):
    assert "Leaders met." in page(client, story)
    expected = change(story)
    response = client.get(story.get_absolute_url())
    assert response.status_code == (404 if change is unpublish_article else 200)
    assert expected is None or expected in response.content.decode()


def test_a_rendering_from_an_older_generation_is_never_served(client, story):
    """A reader who rendered the old rows while an edit committed stores an old generation."""
    page(client, story)
    stale = StoryRendering.objects.get(article=story)
    stale.page = {**stale.page, "content": "<p>What the rows said before</p>"}
    stale.save()
    assert "What the rows said before" in page(client, story)  # still current: served
    ContentGeneration.advance()
    html = page(client, story)
    assert "What the rows said before" not in html and "Leaders met." in html


def test_a_rendering_for_another_site_address_is_not_served(client, settings, story):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.example.com"]
    page(client, story)
    html = page(client, story, HTTP_HOST="www.example.com")
    assert 'href="http://www.example.com/' in html
    assert "http://testserver" not in html
    assert StoryRendering.objects.get(article=story).origin == "http://www.example.com"


def test_a_rendering_by_other_templates_or_settings_is_not_served(client, settings, story):
    page(client, story)
    settings.NEWSROOM_SITE_NAME = "The Daily Example"
    count, html = queries_for(client, story)
    assert "The Daily Example" in html
    assert count == QUERIES["article page, rendered"]


def test_videos_change_state_on_the_stored_page_without_rendering_it_again(client):
    opens, closes = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    with time_machine.travel(NOW, tick=False):
        make_video(slug="briefing", title="Briefing", available_from=opens, expires_at=closes)
        article = make_article(body="Text.\n\n[[video:briefing]]")
        client.get("/")  # the new section in the navigation
        before = page(client, article)
    with time_machine.travel(opens + timedelta(minutes=1), tick=False):
        client.get("/")  # the navigation, made again after its lifetime
        count, during = queries_for(client, article)
    with time_machine.travel(closes + timedelta(minutes=1), tick=False):
        client.get("/")
        count_after, after = queries_for(client, article)
    assert count == count_after == QUERIES["article page"]
    assert "<video" not in before and EXPIRED_MESSAGE not in before
    assert "<video" in during and '"@type": "VideoObject"' in during
    assert "<video" not in after and '"VideoObject"' not in after
    assert EXPIRED_MESSAGE in after


def test_the_page_lifetime_ends_when_a_stored_video_opens(client):
    opens = NOW + timedelta(seconds=90)
    with time_machine.travel(NOW, tick=False):
        make_video(slug="later", available_from=opens)
        article = make_article(body="Text.\n\n[[video:later]]")
        page(client, article)
        response = client.get(article.get_absolute_url())
    assert "max-age=90" in response["Cache-Control"]


@pytest.mark.parametrize("status", [Article.Status.WITHDRAWN, Article.Status.DRAFT])
def test_a_stored_rendering_of_a_story_taken_down_is_never_served(client, story, status):
    page(client, story)
    Article.objects.filter(pk=story.pk).update(status=status)  # not even the signals know
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_scheduled_story_is_not_served_before_its_time(client):
    article = make_article(published_at=NOW + timedelta(hours=1))
    url = article.get_absolute_url()
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert client.get(url).status_code == 200
    assert StoryRendering.objects.filter(article=article).exists()
    with time_machine.travel(NOW, tick=False):
        assert client.get(url).status_code == 404


def test_editors_text_cannot_place_a_video_marker(client):
    make_video(slug="clip")
    marker = "<!--newsroom:video:0-->"
    article = make_article(
        headline=f"Headline {marker}",
        dek=f"Dek {marker}",
        body=f"Body {marker}\n\n[[video:clip]]\n\n`{marker}`",
    )
    html = page(client, article)
    assert html.count("<video") == 1
    assert marker not in html  # each real marker was filled in; the typed ones are text
    assert "Headline &lt;!--newsroom:video:0--&gt;" in html


def test_renderings_can_be_turned_off(client, settings, story):
    settings.NEWSROOM_STORED_RENDERINGS = False
    count, html = queries_for(client, story)
    assert count == QUERIES["article page, rendered"] - 1  # no write
    assert not StoryRendering.objects.exists()
    assert "Leaders met." in html


def test_deleting_a_story_deletes_its_rendering(client, story):
    page(client, story)
    story.delete()
    assert not StoryRendering.objects.exists()


def test_old_generations_and_renderings_nobody_read_since_are_cleared_away(
    client, story, monkeypatch
):
    page(client, story)
    monkeypatch.setattr(ContentGeneration, "KEEP", 2)
    while ContentGeneration.objects.latest("pk").pk % 2:
        ContentGeneration.advance()
    for _ in range(2):
        ContentGeneration.advance()
    assert not StoryRendering.objects.exists()
    assert ContentGeneration.objects.count() <= 3
    assert "Leaders met." in page(client, story)
