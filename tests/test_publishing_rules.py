"""What counts as published, and what readers can reach, on both sides of each instant."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article, Video
from tests.factories import make_article, make_video

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.mark.django_db
class TestPublishedRule:
    def test_a_published_article_is_live_from_its_publish_time(self):
        """A scheduled article goes live at its instant, not a second before."""
        article = make_article(published_at=NOON)
        assert not Article.objects.published(now=NOON - SECOND).filter(pk=article.pk).exists()
        assert Article.objects.published(now=NOON).filter(pk=article.pk).exists()
        assert Article.objects.published(now=NOON + SECOND).filter(pk=article.pk).exists()

    @pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
    def test_unpublished_states_are_never_live(self, status):
        """Drafts, stories in review and withdrawn stories stay hidden whatever their time."""
        article = make_article(status=status, published_at=NOON - timedelta(days=1))
        assert not Article.objects.published(now=NOON).filter(pk=article.pk).exists()

    def test_published_is_computed_at_query_time(self):
        """The same queryset answers differently as the clock passes the publish time."""
        make_article(published_at=NOON)
        with time_machine.travel(NOON - SECOND, tick=False):
            assert Article.objects.published().count() == 0
        with time_machine.travel(NOON, tick=False):
            assert Article.objects.published().count() == 1

    def test_first_published_time_is_set_once(self):
        """Republishing later keeps the first publication time."""
        article = make_article(published_at=NOON)
        article.published_at = NOON + timedelta(days=2)
        article.save()
        article.refresh_from_db()
        assert article.first_published_at == NOON


@pytest.mark.django_db
class TestAvailableRule:
    def test_a_video_is_available_from_its_start(self):
        video = make_video(available_from=NOON)
        assert not Video.objects.available(now=NOON - SECOND).filter(pk=video.pk).exists()
        assert Video.objects.available(now=NOON).filter(pk=video.pk).exists()
        assert video.state(NOON - SECOND) == Video.State.PENDING
        assert video.state(NOON) == Video.State.AVAILABLE

    def test_a_video_expires_at_its_instant(self):
        """At expires_at exactly the video is gone."""
        video = make_video(expires_at=NOON)
        assert Video.objects.available(now=NOON - SECOND).filter(pk=video.pk).exists()
        assert not Video.objects.available(now=NOON).filter(pk=video.pk).exists()
        assert video.state(NOON - SECOND) == Video.State.AVAILABLE
        assert video.state(NOON) == Video.State.EXPIRED

    def test_a_removed_video_is_unavailable_inside_its_window(self):
        video = make_video(removal_reason=Video.RemovalReason.LEGAL)
        assert not Video.objects.available(now=NOON).exists()
        assert video.state(NOON) == Video.State.REMOVED


@pytest.mark.django_db
class TestReaderSurfaces:
    def test_home_lists_only_published_articles_newest_first(self, chrome):
        older = make_article(headline="Older story", published_at=NOON - timedelta(days=2))
        newer = make_article(headline="Newer story", published_at=NOON - timedelta(days=1))
        make_article(headline="Draft story", status="draft")
        make_article(headline="Future story", published_at=NOON + timedelta(hours=1))
        with time_machine.travel(NOON, tick=False):
            html = chrome.get("/").content.decode()
        assert html.index(newer.headline) < html.index(older.headline)
        assert "Draft story" not in html
        assert "Future story" not in html

    @pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
    def test_unpublished_article_url_is_404_for_readers(self, chrome, status):
        article = make_article(status=status, published_at=NOON - timedelta(days=1))
        assert chrome.get(article.get_absolute_url()).status_code == 404

    def test_scheduled_article_appears_at_its_instant(self, chrome):
        article = make_article(published_at=NOON)
        with time_machine.travel(NOON - SECOND, tick=False):
            assert chrome.get(article.get_absolute_url()).status_code == 404
        with time_machine.travel(NOON, tick=False):
            assert chrome.get(article.get_absolute_url()).status_code == 200

    def test_wrong_slug_or_section_redirects_permanently(self, seed_article, chrome):
        """The id decides; a stale slug or section 301s to the canonical address."""
        canonical = seed_article.get_absolute_url()
        for wrong in (
            f"/world/old-headline-n{seed_article.pk}/",
            f"/politics/{seed_article.slug}-n{seed_article.pk}/",
        ):
            response = chrome.get(wrong)
            assert response.status_code == 301
            assert response["Location"] == canonical


@pytest.mark.django_db
def test_listing_cache_lifetime_ends_when_the_next_article_goes_live(chrome):
    """Home may be cached, but never past the instant a scheduled story appears on it."""
    make_article(published_at=NOON - timedelta(days=1))
    make_article(published_at=NOON + timedelta(seconds=90))
    with time_machine.travel(NOON, tick=False):
        response = chrome.get("/")
    assert "max-age=90" in response["Cache-Control"]
    assert "stale-while-revalidate=0" in response["Cache-Control"]
    with time_machine.travel(NOON + timedelta(seconds=90), tick=False):
        assert "Headline" in chrome.get("/").content.decode()
