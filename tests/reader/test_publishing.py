"""Statuses, publishing checks, bulk actions and the times readers see."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.editorial import rules
from articles.models import Article, Byline, Section, Video
from tests.helpers import (
    add_byline,
    add_inline_row,
    admin_url,
    credit,
    form_data,
    login,
    make_article,
    make_organization,
    make_person,
    make_user,
    make_video,
)

pytestmark = pytest.mark.django_db


def test_reporter_submits_own_draft_for_review_then_cannot_edit_it(client):
    """A reporter moves their draft to review; after that the story is read-only to them."""
    user = login(client, "reporter")
    article = make_article(status=Article.Status.DRAFT, created_by=user)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["status"] = "review"
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    assert client.get(admin_url("change", article.pk)).status_code == 200  # view only
    data["headline"] = "Sneaked in"
    assert client.post(admin_url("change", article.pk), data).status_code == 403
    article.refresh_from_db()
    assert article.headline != "Sneaked in"


def test_reporter_credited_in_a_byline_edits_the_draft(client):
    """A reporter who did not start the story but has a byline on it may edit the draft."""
    user = login(client, "reporter")
    article = make_article(status=Article.Status.DRAFT)
    response = client.get(admin_url("change", article.pk))
    assert 'name="headline"' not in response.content.decode()  # not theirs yet
    credit(article, user)
    response = client.get(admin_url("change", article.pk))
    assert 'name="headline"' in response.content.decode()


def test_reporter_form_offers_no_publishing_choices(client):
    """The reporter's status menu holds draft and review only; the publish time is read-only."""
    user = login(client, "reporter")
    article = make_article(status=Article.Status.DRAFT, created_by=user)
    form = client.get(admin_url("change", article.pk)).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert "published_at" not in form.fields


def test_reporter_cannot_schedule_by_posting_a_publish_time(client):
    """A publish time posted by a reporter is ignored: the field is not theirs to set."""
    user = login(client, "reporter")
    article = make_article(status=Article.Status.DRAFT, created_by=user)
    data = form_data(client.get(admin_url("change", article.pk)))
    data.update({"published_at_0": "2030-01-01", "published_at_1": "09:00:00"})
    client.post(admin_url("change", article.pk), data)
    article.refresh_from_db()
    assert article.published_at is None


def test_publishing_checks_list_everything_missing():
    """The check names each missing part of the story."""
    article = Article(headline=" ", slug="", body="  ")
    assert rules.publishing_problems(article) == [
        "a headline",
        "a slug",
        "a section",
        "a body",
        "a “By” byline",
    ]


def test_editor_cannot_publish_without_a_by_byline(client):
    """Publishing from the form needs a "By" byline; another byline role is not enough."""
    login(client, "editor")
    article = make_article(status=Article.Status.DRAFT)
    add_byline(article, role=Byline.Role.ADDITIONAL)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["status"] = "published"
    response = client.post(admin_url("change", article.pk), data)
    assert response.status_code == 200
    assert "Cannot publish or schedule: add a “By” byline." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    add_inline_row(data, "bylines", person=make_person().pk, role=Byline.Role.BY, order=1)
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.first_published_at == article.published_at


def test_editor_cannot_delete_the_last_by_byline_of_a_live_story(client):
    """Removing the only "By" byline of a published story is refused."""
    login(client, "editor")
    article = make_article()
    add_byline(article)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["bylines-0-DELETE"] = "on"
    response = client.post(admin_url("change", article.pk), data)
    assert response.status_code == 200
    assert article.bylines.count() == 1


def test_bulk_publish_publishes_ready_stories_and_names_what_others_lack(client):
    """The action publishes what passes the checks and lists, per story, what is missing."""
    login(client, "editor")
    ready = make_article(status=Article.Status.DRAFT)
    add_byline(ready)
    lacking = make_article(status=Article.Status.DRAFT, headline="No byline yet")
    response = client.post(
        admin_url("changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, lacking.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Published 1 article(s)." in text
    assert "“No byline yet” needs a “By” byline" in text
    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert ready.status == Article.Status.PUBLISHED
    assert lacking.status == Article.Status.DRAFT


def test_bulk_publish_keeps_a_scheduled_time(client):
    """Publishing a story that already has a future time keeps it scheduled."""
    login(client, "editor")
    later = timezone.now() + timedelta(days=1)
    article = make_article(status=Article.Status.REVIEW, published_at=later)
    add_byline(article)
    client.post(
        admin_url("changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == later
    assert article in Article.objects.scheduled()


def test_bulk_withdraw_takes_a_story_off_the_site_at_once(client):
    """A withdrawn story is gone from the home page and its address on the next request."""
    article = make_article(headline="Soon withdrawn")
    add_byline(article)
    assert client.get(article.get_absolute_url()).status_code == 200
    login(client, "editor")
    client.post(
        admin_url("changelist"), {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )
    client.logout()
    assert "Soon withdrawn" not in client.get(reverse("articles:home")).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_first_published_time_is_set_once():
    """Withdrawing and republishing keeps the first publication time."""
    article = make_article()
    first = article.first_published_at
    rules.withdraw(article)
    article.published_at = timezone.now()
    rules.publish(article)
    article.refresh_from_db()
    assert article.first_published_at == first


def test_updated_time_moves_when_a_live_story_changes(client):
    """Editing what readers see on a live story sets the "Updated" time."""
    login(client, "editor")
    article = make_article()
    add_byline(article)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["body"] += "\n\nA new paragraph."
    client.post(admin_url("change", article.pk), data)
    article.refresh_from_db()
    assert article.updated_at is not None
    assert timezone.now() - article.updated_at < timedelta(minutes=1)
    client.logout()
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("status", "offset"),
    [(Article.Status.DRAFT, None), (Article.Status.PUBLISHED, timedelta(days=1))],
)
def test_updated_time_stays_for_stories_readers_cannot_see(client, status, offset):
    """Drafts and scheduled stories change freely without an "Updated" time."""
    login(client, "editor")
    published_at = timezone.now() + offset if offset else None
    article = make_article(status=status, published_at=published_at)
    add_byline(article)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["body"] += "\n\nMore."
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at is None


def test_updated_time_stays_when_only_search_fields_change(client):
    """A change readers do not see on the page leaves the "Updated" time alone."""
    login(client, "editor")
    article = make_article()
    add_byline(article)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["seo_title"] = "Better for search"
    client.post(admin_url("change", article.pk), data)
    article.refresh_from_db()
    assert article.updated_at is None


def test_changed_slug_and_section_redirect_old_addresses(client):
    """Every old address of a story answers 301 to the current one."""
    article = make_article(slug="first-slug")
    add_byline(article)
    old_urls = [article.get_absolute_url()]
    article.slug = "second-slug"
    article.save()
    old_urls.append(article.get_absolute_url())
    article.section = Section.objects.create(name="Politics", slug="politics")
    article.save()
    for url in old_urls:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_article_list_shows_scheduled_stories_as_scheduled(client):
    """In the admin list a published story with a future time reads "Scheduled for …"."""
    login(client, "editor")
    make_article(headline="Tomorrow's story", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Today's story")
    text = client.get(admin_url("changelist")).content.decode()
    assert text.count("Scheduled for") == 1
    assert '<td class="field-state">Published</td>' in text


def test_saving_an_unchanged_live_story_keeps_its_updated_time(client):
    """A browser's CRLF line breaks are not a change: the text is stored as typed."""
    login(client, "editor")
    article = make_article(body="One.\n\nTwo.")
    add_byline(article)
    data = form_data(client.get(admin_url("change", article.pk)))
    data["body"] = data["body"].replace("\n", "\r\n")
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.body == "One.\n\nTwo."
    assert article.updated_at is None


def test_staff_who_cannot_publish_can_credit_a_live_story_without_unpublishing_it(client):
    """Someone allowed to change stories but not publish adds a credit; the story stays live."""
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_article", "change_article", "add_attribution", "view_byline"]
        )
    )
    client.force_login(user)
    article = make_article()
    add_byline(article)
    form = client.get(admin_url("change", article.pk)).context["adminform"].form
    assert "status" not in form.fields and "published_at" not in form.fields
    data = form_data(client.get(admin_url("change", article.pk)))
    add_inline_row(data, "attributions", organization=make_organization().pk, order=0)
    data["attributions-0-phrase"] = "contributed to this report"
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.attributions.count() == 1
    assert article.updated_at is not None


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
            response = chrome.get(article.get_absolute_url())
        assert response.status_code == 200
        assert article.headline in response.content.decode()

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
