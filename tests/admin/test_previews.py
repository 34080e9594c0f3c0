"""Previews of unpublished stories: in the reader template, never cached, never indexed."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PreviewLink
from tests.helpers import (
    add_inline_row,
    admin_url,
    credit,
    form_data,
    login,
    make_article,
    make_user,
)

pytestmark = pytest.mark.django_db


def assert_private_preview(response, headline):
    assert response.status_code == 200
    text = response.content.decode()
    assert f'<h1 class="headline">{headline}</h1>' in text
    assert '<meta name="robots" content="noindex">' in text
    assert "it is never cached or indexed" in text
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "public" not in cache_control
    assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timedelta(days=2)),  # scheduled
        (Article.Status.WITHDRAWN, None),
    ],
)
def test_editor_previews_any_unpublished_story(client, status, published_at):
    """Drafts, stories in review, scheduled and withdrawn stories open in the reader template."""
    login(client, "editor")
    when = timezone.now() + published_at if published_at else None
    article = make_article(headline="Not out yet", status=status, published_at=when)
    assert_private_preview(client.get(admin_url("preview", article.pk)), "Not out yet")


def test_reporter_previews_their_story_and_no_one_elses(client):
    """A reporter previews the stories they write, even once submitted, and only those."""
    user = login(client, "reporter")
    theirs = make_article(headline="Their story", status=Article.Status.REVIEW)
    credit(theirs, user)
    other = make_article(headline="Other story", status=Article.Status.DRAFT)
    assert_private_preview(client.get(admin_url("preview", theirs.pk)), "Their story")
    assert client.get(admin_url("preview", other.pk)).status_code == 403


def test_change_page_links_to_the_preview(client):
    """The article form links to its preview."""
    login(client, "editor")
    article = make_article(status=Article.Status.DRAFT)
    text = client.get(admin_url("change", article.pk)).content.decode()
    assert admin_url("preview", article.pk) in text


@pytest.fixture
def shared(client):
    """A draft with a share link made by an editor in the admin; the editor then logs out."""
    editor = login(client, "editor")
    article = make_article(headline="Shared draft", status=Article.Status.DRAFT)
    credit(article, make_user())
    made_at = timezone.now()
    with time_machine.travel(made_at, tick=False):
        data = form_data(client.get(admin_url("change", article.pk)))
        add_inline_row(data, "preview_links")
        default = (made_at + timedelta(hours=72)).astimezone(timezone.get_current_timezone())
        data["preview_links-0-expires_at_0"] = default.strftime("%Y-%m-%d")
        data["preview_links-0-expires_at_1"] = default.strftime("%H:%M:%S")
        assert client.post(admin_url("change", article.pk), data).status_code == 302
    link = PreviewLink.objects.get(article=article)
    client.logout()
    return {"article": article, "link": link, "editor": editor, "made_at": made_at}


def test_share_link_is_made_in_the_admin_with_a_secret_token(shared):
    """The link records who made it and carries a long random token."""
    link = shared["link"]
    assert link.created_by == shared["editor"]
    assert len(link.token) >= 40
    assert link.share_path() == reverse("articles:shared_preview", args=[link.token])


def test_share_link_expires_after_72_hours_by_default():
    """A link made without a time lasts 72 hours."""
    article = make_article(status=Article.Status.DRAFT)
    with time_machine.travel(timezone.now(), tick=False):
        link = PreviewLink.objects.create(article=article)
        assert link.expires_at == timezone.now() + timedelta(hours=72)


def test_share_link_shows_the_story_to_someone_without_an_account(client, shared):
    """Anyone with a valid link sees the preview, never cached, never indexed."""
    response = client.get(shared["link"].share_path())
    assert_private_preview(response, "Shared draft")


@pytest.mark.parametrize(
    ("after", "status"),
    [(timedelta(hours=72) - timedelta(seconds=1), 200), (timedelta(hours=72), 404)],
)
def test_share_link_stops_at_its_expiry(client, shared, after, status):
    """The link works until its expiry instant and gives 404 from then on."""
    link = shared["link"]
    with time_machine.travel(link.expires_at - timedelta(hours=72) + after, tick=False):
        assert client.get(link.share_path()).status_code == status


def test_revoked_share_link_gives_a_plain_404(client, shared):
    """Revoking a link in the admin stops it at once; the 404 says nothing about the story."""
    login(client, "editor")
    article = shared["article"]
    data = form_data(client.get(admin_url("change", article.pk)))
    data["preview_links-0-revoked"] = "on"
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    client.logout()
    link = PreviewLink.objects.get(pk=shared["link"].pk)
    assert link.revoked_at is not None
    response = client.get(link.share_path())
    assert response.status_code == 404
    unknown = client.get(reverse("articles:shared_preview", args=["no-such-token"]))
    assert response.content == unknown.content
    assert b"Shared draft" not in response.content


def test_reporter_cannot_make_share_links(client):
    """Share links are an editor's: rows posted by a reporter are ignored."""
    user = login(client, "reporter")
    article = make_article(status=Article.Status.DRAFT, created_by=user)
    data = form_data(client.get(admin_url("change", article.pk)))
    assert "preview_links-TOTAL_FORMS" not in data
    data.update({"preview_links-TOTAL_FORMS": "1", "preview_links-INITIAL_FORMS": "0"})
    client.post(admin_url("change", article.pk), data)
    assert not PreviewLink.objects.exists()


def test_view_on_site_opens_the_preview_until_the_story_is_live(client):
    """The admin's "View on site" leads to the preview for a story readers cannot see yet."""
    login(client, "editor")
    draft = make_article(status=Article.Status.DRAFT)
    live = make_article()
    draft_page = client.get(admin_url("change", draft.pk)).content.decode()
    live_page = client.get(admin_url("change", live.pk)).content.decode()
    assert f'href="{admin_url("preview", draft.pk)}" class="viewsitelink"' in draft_page
    assert "/r/" in live_page.split("viewsitelink")[0].rsplit("href=", 1)[1]


def test_share_link_of_a_withdrawn_story_gives_404(client, shared):
    """Withdrawing a story takes it from everyone, share-link holders included."""
    Article.objects.filter(pk=shared["article"].pk).update(status=Article.Status.WITHDRAWN)
    assert client.get(shared["link"].share_path()).status_code == 404


def test_a_share_link_shows_no_editors_notes_the_admin_preview_does(client):
    """Someone outside the newsroom sees the draft as readers will: nothing in place of a
    video not yet available, not the newsroom's note naming it."""
    from tests.helpers import make_video

    video = make_video(
        title="Zz embargoed interview", available_from=timezone.now() + timedelta(days=1)
    )
    article = make_article(
        status=Article.Status.DRAFT, body=f"Words.\n\n[[video:{video.slug}]]\n\nMore."
    )
    link = PreviewLink.objects.create(article=article)
    outside = client.get(link.share_path()).content.decode()
    assert "Words." in outside
    assert "Zz embargoed interview" not in outside and "editor-note" not in outside
    login(client, make_user(groups=["Editor"]))
    inside = client.get(admin_url("preview", article.pk)).content.decode()
    assert 'class="editor-note"' in inside and "Zz embargoed interview" in inside
