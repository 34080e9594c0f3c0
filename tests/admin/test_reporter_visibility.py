"""What a reporter sees in the admin: their own stories and live ones, nobody else's drafts."""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.helpers import admin_url, credit, login, make_article, make_user, make_video

pytestmark = pytest.mark.django_db

SECRET = "Unannounced merger of two papers"


@pytest.fixture
def rival_draft():
    """Another reporter's draft, with two saved versions, a credit and a video."""
    rival = make_user()
    video = make_video()
    draft = make_article(
        status=Article.Status.DRAFT, created_by=rival, headline=SECRET, lead_video=video
    )
    byline = credit(draft, rival)
    for text in ("First take.", "Second take."):
        with reversion.create_revision():
            draft.body = text
            draft.save()
    return {"article": draft, "person": byline.person, "video": video}


@pytest.fixture
def reporter(client):
    login(client, "reporter")
    return client


def versions(article):
    return Version.objects.get_for_object(article)


@pytest.mark.parametrize("status", ["draft", "review", "scheduled", "withdrawn"])
def test_a_reporter_cannot_open_another_reporters_unpublished_story(reporter, status):
    """The change form, history and compare pages of someone else's story that readers
    cannot see answer as for a story that does not exist; the list leaves it out."""
    fields = {"status": status, "created_by": make_user(), "headline": SECRET}
    if status == "scheduled":
        fields["status"] = Article.Status.PUBLISHED
        fields["published_at"] = timezone.now() + timedelta(days=1)
    article = make_article(**fields)
    with reversion.create_revision():
        article.save()
    with reversion.create_revision():
        article.save()
    old, new = versions(article).last(), versions(article).first()
    for url in (
        admin_url("change", article.pk),
        admin_url("history", article.pk),
        admin_url("compare", article.pk) + f"?from={old.pk}&to={new.pk}",
        admin_url("preview", article.pk),
        admin_url("delete", article.pk),
    ):
        response = reporter.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert SECRET not in response.content.decode(), url
    listing = reporter.get(admin_url("changelist"), {"q": "merger"}).content.decode()
    assert SECRET not in listing


def test_a_reporter_still_opens_their_own_drafts_and_live_stories(reporter, rival_draft):
    """The rule hides only what is neither theirs nor public."""
    me = reporter.get(admin_url("changelist")).wsgi_request.user
    mine = make_article(status=Article.Status.DRAFT, created_by=me, headline="My own draft")
    live = make_article(headline="A live story by someone else")
    listing = reporter.get(admin_url("changelist")).content.decode()
    assert "My own draft" in listing and "A live story by someone else" in listing
    assert reporter.get(admin_url("change", mine.pk)).status_code == 200
    assert reporter.get(admin_url("change", live.pk)).status_code == 200
    assert reporter.get(admin_url("history", live.pk)).status_code == 200


def test_credit_and_video_pages_do_not_name_another_reporters_draft(reporter, rival_draft):
    """A person's credits and a video's articles list only stories the reporter may open."""
    person_page = reporter.get(
        reverse("admin:articles_person_change", args=[rival_draft["person"].pk])
    )
    assert person_page.status_code == 200
    assert SECRET not in person_page.content.decode()
    video_page = reporter.get(
        reverse("admin:articles_video_change", args=[rival_draft["video"].pk])
    )
    assert video_page.status_code == 200
    assert SECRET not in video_page.content.decode()


def test_the_expiring_videos_panel_does_not_name_another_reporters_draft(reporter, rival_draft):
    """The admin index lists a video whose licence ends soon, without the rival's draft
    that shows it."""
    video = rival_draft["video"]
    video.expires_at = timezone.now() + timedelta(days=2)
    video.save()
    html = reporter.get(reverse("admin:index")).content.decode()
    panel = html[html.index('id="expiring-videos"') : html.index('id="expiring-pictures"')]
    assert video.title in panel
    assert SECRET not in html


def test_editors_and_desk_see_every_story(client, rival_draft):
    """Those who may change any story (and the desk, who credits any story) see them all."""
    for role in ("editor", "desk"):
        login(client, role)
        article = rival_draft["article"]
        assert client.get(admin_url("change", article.pk)).status_code == 200
        assert SECRET in client.get(admin_url("changelist")).content.decode()
        person_url = reverse("admin:articles_person_change", args=[rival_draft["person"].pk])
        assert SECRET in client.get(person_url).content.decode()


def test_opening_another_reporters_draft_names_nobody_who_saved_it(client, rival_draft):
    """The "others saved this recently" notice is not shown for a story one cannot open."""
    login(client, "reporter")
    response = client.get(admin_url("change", rival_draft["article"].pk), follow=True)
    assert "Others saved this article recently" not in response.content.decode()
