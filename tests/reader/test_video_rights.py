"""Rights windows: a video plays inside its window, gives way to a slate when it closes,
and no cached page outlives the instant its state changes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.delivery.lifetimes import bound_lifetime, reader_cache_headers
from articles.editorial.editor_preview import editor_preview
from articles.models import Video
from articles.reader.video_schema import poster_rendition
from tests.helpers import make_article, make_video, page_blocks

EXPIRED = "We apologize, this video has expired."
OPENS = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def windowed_video(**fields):
    fields.setdefault("available_from", OPENS)
    fields.setdefault("expires_at", CLOSES)
    return make_video(**fields)


def article_with(*videos, lead=None, **fields):
    body = "\n\n".join(["Opening paragraph.", *(f"[[video:{video.slug}]]" for video in videos)])
    with time_machine.travel(OPENS - timedelta(days=30), tick=False):
        return make_article(body=body, lead_video=lead, **fields)


def max_age(response):
    directives = dict(
        part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
    )
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instant", "state"),
    [
        (OPENS - SECOND, Video.State.PENDING),
        (OPENS, Video.State.AVAILABLE),
        (CLOSES - SECOND, Video.State.AVAILABLE),
        (CLOSES, Video.State.EXPIRED),
    ],
)
def test_state_and_available_queryset_agree_on_both_sides_of_each_boundary(instant, state):
    """The model's state and the available() query switch at the same instants."""
    video = windowed_video()
    assert video.state(instant) == state
    assert Video.objects.available(instant).filter(pk=video.pk).exists() == (
        state == Video.State.AVAILABLE
    )
    assert Video.objects.pending(instant).filter(pk=video.pk).exists() == (
        state == Video.State.PENDING
    )
    assert Video.objects.expired(instant).filter(pk=video.pk).exists() == (
        state == Video.State.EXPIRED
    )


@pytest.mark.django_db
def test_a_video_taken_down_early_is_removed_with_its_reason_wording():
    """A removal reason ends availability inside the window and chooses the slate's words."""
    video = windowed_video(removal_reason=Video.RemovalReason.LEGAL)
    assert video.state(OPENS + SECOND) == Video.State.REMOVED
    assert not Video.objects.available(OPENS + SECOND).exists()
    assert video.reader_message == "This video is no longer available for legal reasons."
    video.removal_reason = Video.RemovalReason.LICENCE
    assert video.reader_message == EXPIRED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instant", "player", "slate"),
    [
        (OPENS - SECOND, False, False),
        (OPENS, True, False),
        (CLOSES - SECOND, True, False),
        (CLOSES, False, True),
    ],
)
def test_article_page_shows_player_slate_or_nothing_at_each_instant(client, instant, player, slate):
    """Lead and body videos render as players inside the window, as the slate after it,
    and not at all before it."""
    lead = windowed_video(caption="Ministers arrive in Brussels.", credit_text="Pool")
    body_video = windowed_video(provider=Video.Provider.YOUTUBE, provider_id="dQw4w9WgXcQ")
    article = article_with(body_video, lead=lead)
    with time_machine.travel(instant, tick=False):
        response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert (f'<source src="{lead.source_url}" type="video/mp4">' in html) == player
    assert ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in html) == player
    assert ("Ministers arrive in Brussels." in html) == player
    assert page_blocks(response).count(EXPIRED) == (2 if slate else 0)
    assert "editor-note" not in html


@pytest.mark.django_db
def test_player_shows_poster_caption_and_organization_credit(client, poster_image):
    """An available file video plays with its poster, its caption and its credit."""
    from tests.helpers import make_organization

    reuters = make_organization(name="Reuters")
    video = windowed_video(
        poster=poster_image, caption="Kerry in Brussels.", credit_organization=reuters
    )
    article = article_with(video)
    with time_machine.travel(OPENS + SECOND, tick=False):
        html = client.get(article.get_absolute_url()).content.decode()
    # A rendition of the poster, never the stored original.
    assert f'poster="{poster_rendition(poster_image).url}"' in html
    assert poster_image.file.url not in html
    assert '<figcaption>Kerry in Brussels. <span class="credit">Reuters</span></figcaption>' in html


@pytest.mark.django_db
def test_editor_preview_notes_when_a_pending_video_becomes_available():
    """In the editor's preview a not-yet-available video is a note with its opening time."""
    video = windowed_video(title="Summit arrivals")
    with time_machine.travel(OPENS - SECOND, tick=False):
        html = editor_preview(f"Text.\n\n[[video:{video.slug}]]")
    assert "editor-note" in html
    assert "Summit arrivals" in html
    assert "becomes available" in html
    with time_machine.travel(OPENS, tick=False):
        html = editor_preview(f"Text.\n\n[[video:{video.slug}]]")
    assert "editor-note" not in html
    assert video.source_url in html


def test_seed_videos_are_slates_then_a_player_inside_a_reopened_window(seed_article, client):
    """The seed article's videos are slates; reopened, the lead plays until it expires again."""
    assert page_blocks(client.get(seed_article.get_absolute_url())).count(EXPIRED) == 2

    lead = seed_article.lead_video
    now = datetime.now(UTC)
    lead.available_from = now - timedelta(days=1)
    lead.expires_at = now + timedelta(days=2)
    lead.save()
    with time_machine.travel(now, tick=False):
        response = client.get(seed_article.get_absolute_url())
    assert page_blocks(response).count(EXPIRED) == 1
    assert f'<source src="{lead.source_url}"' in response.content.decode()

    with time_machine.travel(lead.expires_at, tick=False):
        response = client.get(seed_article.get_absolute_url())
    assert page_blocks(response).count(EXPIRED) == 2
    assert lead.source_url not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instant", "boundary"),
    [
        (OPENS - timedelta(seconds=90), OPENS),
        (OPENS, CLOSES),
        (CLOSES - timedelta(seconds=40), CLOSES),
    ],
)
def test_article_page_lifetime_ends_at_the_next_video_boundary(client, instant, boundary):
    """fresh_until is the next rights boundary, and no Cache-Control lifetime reaches past it."""
    article = article_with(windowed_video(), windowed_video(available_from=None))
    with time_machine.travel(instant, tick=False):
        response = client.get(article.get_absolute_url())
    assert response.fresh_until == boundary
    directives = max_age(response)
    left = int((boundary - instant).total_seconds())
    lifetime = int(directives["max-age"])
    assert lifetime == min(300, left)
    assert int(directives["s-maxage"]) == lifetime
    assert lifetime + int(directives["stale-while-revalidate"]) <= left
    assert lifetime + int(directives["stale-if-error"]) <= left


@pytest.mark.django_db
def test_the_earliest_boundary_of_all_videos_on_the_page_wins(client):
    """A body video closing before the lead bounds the page by its own expiry."""
    soon = OPENS + timedelta(seconds=100)
    article = article_with(windowed_video(expires_at=soon), lead=windowed_video())
    with time_machine.travel(OPENS, tick=False):
        response = client.get(article.get_absolute_url())
    assert response.fresh_until == soon
    assert max_age(response)["max-age"] == "100"


@pytest.mark.django_db
def test_a_page_whose_videos_have_no_future_boundary_keeps_the_default_lifetime(client):
    """Open-ended and expired videos put no bound on the page."""
    article = article_with(make_video(), windowed_video())
    with time_machine.travel(CLOSES + timedelta(days=1), tick=False):
        response = client.get(article.get_absolute_url())
    assert getattr(response, "fresh_until", None) is None
    assert max_age(response)["max-age"] == "300"


@pytest.mark.django_db
def test_a_page_at_its_boundary_is_not_cached_past_it(rf):
    """A response whose bound is now or past is sent with never-cache headers."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = rf.get("/")
    request.user = AnonymousUser()
    response = bound_lifetime(HttpResponse(), OPENS)
    reader_cache_headers(response, request, now=OPENS)
    assert "max-age=0" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 10])
def test_article_page_query_count_does_not_grow_with_videos(
    client, settings, assert_article_queries, count
):
    """Ten body videos cost the article page as many queries as one (page cache off)."""
    settings.NEWSROOM_PAGE_CACHE = False
    videos = [windowed_video() for _ in range(count)]
    article = article_with(*videos, lead=windowed_video())
    with time_machine.travel(OPENS + SECOND, tick=False):
        response = assert_article_queries(client, article.get_absolute_url())
    html = response.content.decode()
    assert html.count("<video ") == count + 1
    assert html.count('"@type": "VideoObject"') == count + 1


@pytest.mark.django_db
def test_a_video_an_article_shows_cannot_be_deleted():
    """The article's record of its videos protects each of them, body videos included."""
    from django.db.models import ProtectedError

    video = windowed_video()
    article = article_with(video)
    with pytest.raises(ProtectedError):
        video.delete()
    article.delete()
    video.delete()
    assert not Video.objects.exists()


@pytest.mark.django_db
def test_saving_an_article_keeps_its_video_record_in_sync():
    """Lead and body videos are recorded; a video taken out of the body is forgotten."""
    lead, first, second = windowed_video(), windowed_video(), windowed_video()
    article = article_with(first, second, lead=lead)
    assert set(article.videos.all()) == {lead, first, second}
    article.body = f"Shorter now.\n\n[[video:{second.slug}]]"
    article.lead_video = None
    article.save()
    article.sync_videos()
    assert list(article.videos.all()) == [second]
    first.delete()
    lead.delete()


@pytest.mark.django_db
def test_django_page_cache_does_not_serve_a_player_past_the_expiry(rf, settings):
    """Django's page cache takes its timeout from max-age, so the cached player goes at expiry.

    (Given a number, ``cache_page(n)`` would cache for n seconds whatever max-age says: only
    the max-age-driven form, as the site-wide cache middleware uses, is safe for reader pages.)
    """
    from django.contrib.auth.models import AnonymousUser
    from django.views.decorators.cache import cache_page

    from articles.views import ArticleDetailView

    video = windowed_video()
    article = article_with(video)
    # A process-local cache, whose clock is the frozen one (a Redis server keeps its own).
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    view = cache_page(None, cache="pages")(ArticleDetailView.as_view())
    kwargs = {"section": article.section.slug, "slug": article.slug, "pk": article.pk}

    def read(instant):
        request = rf.get(article.get_absolute_url())
        request.user = AnonymousUser()
        with time_machine.travel(instant, tick=False):
            response = view(request, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response.content.decode()

    assert video.source_url in read(CLOSES - timedelta(seconds=100))
    assert video.source_url in read(CLOSES - SECOND)  # served from the cache
    Video.objects.filter(pk=video.pk).update(caption="Changed after caching")
    assert "Changed after caching" not in read(CLOSES - SECOND)
    html = read(CLOSES)
    assert video.source_url not in html
    assert EXPIRED in html
