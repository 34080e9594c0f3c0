"""Editors and videos: rights status and filters, usage counts, expiry warnings, the
admin index panel, the alert command, and every bad input refused with a clear error."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.editorial import roles
from articles.models import Article, Video
from tests.helpers import (
    form_data,
    make_article,
    make_person,
    make_section,
    make_user,
    make_video,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
# The first bytes of an MP4 file (an ISO media "ftyp" box) and of a WebM file (EBML).
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01"
CHANGELIST = reverse("admin:articles_video_changelist")
VIDEO_ADD = reverse("admin:articles_video_add")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests sign users in by the dozen; the production hasher's cost proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_user(groups=[roles.EDITOR]))
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def body_with(*videos):
    return "\n\n".join(["Opening paragraph.", *(f"[[video:{video.slug}]]" for video in videos)])


def changelist_titles(response):
    return [str(video) for video in response.context["cl"].result_list]


@pytest.fixture
def library(db, frozen):
    """One video in each rights state, the expiring one shown by two articles."""
    videos = {
        "open": make_video(title="Open-ended", available_from=NOW - DAY),
        "expiring": make_video(title="Expiring Friday", expires_at=NOW + 4 * DAY),
        "later": make_video(title="Expiring next month", expires_at=NOW + 30 * DAY),
        "expired": make_video(title="Expired", expires_at=NOW - DAY),
        "removed": make_video(title="Taken down", removal_reason=Video.RemovalReason.LEGAL),
        "pending": make_video(title="Embargoed", available_from=NOW + DAY),
    }
    make_article(headline="Summit opens", body=body_with(videos["expiring"]))
    make_article(headline="Summit day two", lead_video=videos["expiring"])
    make_article(headline="Archive piece", body=body_with(videos["expired"], videos["open"]))
    return videos


@pytest.mark.parametrize(
    ("rights", "titles"),
    [
        ("available", {"Open-ended", "Expiring Friday", "Expiring next month"}),
        ("expiring", {"Expiring Friday"}),
        ("expired", {"Expired", "Taken down"}),
        ("pending", {"Embargoed"}),
    ],
)
def test_changelist_filters_videos_by_rights_status(editor_client, library, rights, titles):
    """Each rights filter lists exactly the videos in that state now."""
    response = editor_client.get(CHANGELIST, {"rights": rights})
    assert response.status_code == 200
    assert set(changelist_titles(response)) == titles


def test_expiring_filter_follows_the_clock(editor_client, library):
    """A video expiring in 4 days is 'expiring within 7 days' only from 3 days before now on."""
    with time_machine.travel(NOW - 3 * DAY - timedelta(seconds=1), tick=False):
        response = editor_client.get(CHANGELIST, {"rights": "expiring"})
        assert "Expiring Friday" not in changelist_titles(response)
    with time_machine.travel(NOW - 3 * DAY, tick=False):
        response = editor_client.get(CHANGELIST, {"rights": "expiring"})
        assert "Expiring Friday" in changelist_titles(response)


def test_changelist_shows_rights_status_and_article_counts(editor_client, library):
    """Each row says the video's state and how many articles show it (lead or body)."""
    response = editor_client.get(CHANGELIST)
    rows = {str(video): video for video in response.context["cl"].result_list}
    assert rows["Expiring Friday"].article_count == 2
    assert rows["Expired"].article_count == 1
    assert rows["Embargoed"].article_count == 0
    html = response.content.decode()
    assert "Expiring in 4\xa0days" in html
    assert "Not yet available" in html
    assert "Taken down" in html


@pytest.mark.parametrize("count", [1, 10])
def test_changelist_query_count_does_not_grow_with_videos(editor_client, frozen, count):
    """The article counts are annotated: ten videos cost the changelist as much as one."""
    section = make_section()
    for _ in range(count):
        video = make_video(expires_at=NOW + DAY)
        make_article(section=section, body=body_with(video))
    editor_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == count
    assert len(queries) == CHANGELIST_QUERIES, [query["sql"][:90] for query in queries]


CHANGELIST_QUERIES = 9  # session, user, permissions, two counts, rows, filters, dates


def test_video_page_lists_every_article_that_uses_it(editor_client, library):
    """The video's change page links each article showing it, as lead or in the body."""
    video = library["expiring"]
    html = editor_client.get(reverse("admin:articles_video_change", args=[video.pk])).content
    html = html.decode()
    for article in Article.objects.filter(headline__startswith="Summit"):
        assert reverse("admin:articles_article_change", args=[article.pk]) in html
        assert article.headline in html
    assert "Archive piece" not in html
    assert "Expiring in 4\xa0days" in html


def test_deleting_a_video_an_article_shows_is_refused_with_the_articles(editor_client, library):
    """The delete page names the articles that show the video, and deleting does nothing."""
    video = library["expiring"]
    url = reverse("admin:articles_video_delete", args=[video.pk])
    response = editor_client.get(url)
    html = response.content.decode()
    assert "would require deleting the following protected related objects" in html
    assert html.count("Summit opens") == 1
    assert html.count("Summit day two") == 1
    editor_client.post(url, {"post": "yes"})
    assert Video.objects.filter(pk=video.pk).exists()


def test_deleting_a_body_only_video_is_refused_too(editor_client, library):
    """A video placed only in a body is protected like a lead video."""
    video = library["expired"]
    response = editor_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [video.pk], "post": "yes"}
    )
    assert "Archive piece" in response.content.decode()
    assert Video.objects.filter(pk=video.pk).exists()


def test_a_video_no_article_shows_can_be_deleted(editor_client, library):
    video = library["pending"]
    editor_client.post(reverse("admin:articles_video_delete", args=[video.pk]), {"post": "yes"})
    assert not Video.objects.filter(pk=video.pk).exists()


def test_a_reference_used_in_a_body_cannot_be_renamed(editor_client, library):
    """Renaming a video's slug would orphan [[video:slug]] in bodies: refused on the slug."""
    video = library["expired"]
    response = editor_client.post(
        reverse("admin:articles_video_change", args=[video.pk]),
        video_form(title=video.title, slug="renamed", source_url=video.source_url),
    )
    errors = response.context["adminform"].form.errors
    assert errors["slug"] == [
        "Articles place this video by its reference; change [[video:…]] in them first: "
        "“Archive piece”."
    ]
    video.refresh_from_db()
    assert video.slug != "renamed"


def test_a_lead_only_video_can_be_renamed(editor_client, library):
    """A lead video is linked by key, not by its reference, so its slug may change."""
    video = library["expiring"]
    Article.objects.filter(headline="Summit opens").delete()
    response = editor_client.post(
        reverse("admin:articles_video_change", args=[video.pk]),
        video_form(title=video.title, slug="renamed", source_url=video.source_url),
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.slug == "renamed"


def video_form(**overrides):
    data = {
        "title": "Kerry in Brussels",
        "slug": "kerry-in-brussels",
        "description": "",
        "caption": "",
        "source_url": "",
        "provider": "",
        "provider_id": "",
        "duration": "00:01:35",
        "credit_text": "",
        "available_from_0": "",
        "available_from_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "removal_reason": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {
                "source_url": "https://cdn.example.com/a.mp4",
                "available_from_0": "2026-06-02",
                "available_from_1": "10:00",
                "expires_at_0": "2026-06-01",
                "expires_at_1": "10:00",
            },
            "expires_at",
            "The expiry must come after the availability start.",
        ),
        (
            {"provider": "youtube", "provider_id": "not an id!"},
            "provider_id",
            "“not an id!” is not a valid YouTube video id or link.",
        ),
        (
            {"provider": "youtube", "provider_id": "https://www.youtube.com/watch?list=x"},
            "provider_id",
            "is not a valid YouTube video id or link.",
        ),
        (
            {"provider": "vimeo", "provider_id": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
            "provider_id",
            "is not a valid Vimeo video id or link.",
        ),
        (
            {"source_url": "http://cdn.example.com/a.mp4"},
            "source_url",
            "Enter a valid URL.",
        ),
        (
            {"source_url": "javascript:alert(1)//a.mp4"},
            "source_url",
            "Enter a valid URL.",
        ),
        (
            {"source_url": "https://cdn.example.com/watch.html"},
            "source_url",
            "The video file address must end in .mp4, .m4v or .webm.",
        ),
        (
            {"source_url": "https://youtu.be/dQw4w9WgXcQ"},
            "source_url",
            "This is a YouTube page, not a video file",
        ),
        ({}, "file", "Give the video: upload a file, give a file address, or choose"),
        (
            {"source_url": "https://cdn.example.com/a.mp4", "provider": "youtube"},
            "provider_id",
            "Give one source only: a file, a file address or a provider video.",
        ),
        ({"provider": "youtube"}, "provider_id", "Give the provider's video id."),
        ({"provider_id": "dQw4w9WgXcQ"}, "provider", "Choose the provider this id belongs to."),
        (
            {"file": SimpleUploadedFile("clip.mp4", b"<html>not a video</html>")},
            "file",
            "The file is not a valid MP4 video.",
        ),
        (
            {"file": SimpleUploadedFile("clip.mov", MP4_HEAD)},
            "file",
            "Upload an .mp4, .m4v or .webm file.",
        ),
        (
            {
                "file": SimpleUploadedFile("clip.webm", MP4_HEAD),
                "source_url": "https://cdn.example.com/a.mp4",
            },
            "source_url",
            "Give one source only",
        ),
    ],
)
def test_bad_video_input_is_a_form_error_on_its_field(editor_client, db, fields, field, message):
    """Each malformed value is refused with an error attached to the field it came from."""
    response = editor_client.post(VIDEO_ADD, video_form(**fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    assert not Video.objects.exists()


@pytest.mark.parametrize(
    ("provider", "pasted", "saved"),
    [
        ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "dQw4w9WgXcQ"),
        ("", "https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("youtube", "youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("youtube", "https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("", "https://vimeo.com/76979871", "76979871"),
        ("vimeo", "https://player.vimeo.com/video/76979871?h=abc", "76979871"),
    ],
)
def test_a_pasted_provider_link_is_saved_as_its_id(editor_client, db, provider, pasted, saved):
    """Pasting the video's page address stores only the provider and id found in it."""
    response = editor_client.post(VIDEO_ADD, video_form(provider=provider, provider_id=pasted))
    assert response.status_code == 302, response.context["adminform"].form.errors
    video = Video.objects.get()
    assert video.provider_id == saved
    assert video.provider in {"youtube", "vimeo"}
    assert saved in video.embed_url


@pytest.mark.parametrize(("name", "head"), [("clip.mp4", MP4_HEAD), ("clip.webm", WEBM_HEAD)])
def test_an_uploaded_video_file_plays_from_the_site(editor_client, client, db, name, head):
    """A real MP4 or WebM upload is stored under a generated name and played by <video>."""
    upload = SimpleUploadedFile(name, head + b"\x00" * 64)
    response = editor_client.post(VIDEO_ADD, video_form(file=upload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    video = Video.objects.get()
    assert video.file.name.startswith("videos/") and not video.file.name.endswith("/" + name)
    article = make_article(body=body_with(video))
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<source src="{video.file.url}" type="{video.file_type}">' in html


def article_form(section, **overrides):
    data = {
        "headline": "Ministers meet",
        "slug": "ministers-meet",
        "dek": "",
        "section": section.pk,
        "lead_video": "",
        "body": "Opening paragraph.",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
        "byline_style": "top",
        "seo_title": "",
        "seo_description": "",
    }
    for prefix in ("bylines", "attributions", "corrections", "preview_links", "related_links"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def test_a_reference_to_a_missing_video_is_a_body_error(editor_client, db):
    """An embed of a slug no video has is refused on the body field, naming the reference."""
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_section(), body="Text.\n\n[[video:no-such-video]]"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["body"] == ["No video has the reference [[video:no-such-video]]."]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("expires_in", "warning"),
    [
        (-DAY, "The video “Kerry” is no longer available; readers see “We apologize"),
        (7 * DAY, "The video “Kerry” expires on June 8, 2026, 9 a.m.;"),
        (7 * DAY + timedelta(seconds=1), None),
    ],
)
def test_saving_an_article_warns_about_expired_and_expiring_videos(
    editor_client, frozen, expires_in, warning
):
    """The save goes through; a warning names a video that expired or expires within 7 days."""
    video = make_video(title="Kerry", expires_at=NOW + expires_in)
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_section(), body=body_with(video)),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert list(article.videos.all()) == [video]
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    if warning is None:
        assert not any("Kerry" in text for text in texts)
    else:
        assert any(text.startswith(warning) for text in texts), texts


def test_opening_an_article_warns_once_about_its_expired_video(editor_client, library):
    """The change form warns on opening, and once only after "Save and continue editing"."""
    article = Article.objects.get(headline="Archive piece")
    url = reverse("admin:articles_article_change", args=[article.pk])
    warning = "The video “Expired” is no longer available"
    page = editor_client.get(url)
    assert page.content.decode().count(warning) == 1
    data = article_form(article.section, headline=article.headline, slug=article.slug)
    data.update(body=article.body, status="published", _continue="1")
    data["version"] = form_data(page)["version"]
    # a published story needs a "By" byline
    data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-person": make_person().pk})
    data.update({"bylines-0-role": "10", "bylines-0-order": "0"})
    data.update(published_at_0="2026-05-01", published_at_1="09:00:00")
    response = editor_client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert response.content.decode().count(warning) == 1


def panel_text(response):
    html = response.content.decode()
    match = re.search(r'<div class="module expiring-videos".*?</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split()) if match else None


def test_admin_index_panel_lists_expiring_videos_with_their_articles(editor_client, library):
    """Editors see the videos expiring within 7 days, and the articles that show them."""
    response = editor_client.get(reverse("admin:index"))
    text = panel_text(response)
    assert text.startswith("Videos expiring in the next 7 days Expiring Friday")
    assert "Summit opens (published)" in text
    assert "Summit day two (published)" in text
    for absent in ("Expiring next month", "Expired", "Taken down", "Embargoed", "Archive"):
        assert absent not in text
    html = response.content.decode()
    assert reverse("admin:articles_video_change", args=[library["expiring"].pk]) in html


def test_admin_index_panel_is_for_staff_who_may_view_videos(client, library):
    """Staff without the video view permission get no panel; desk staff (view only) do."""
    client.force_login(make_user())
    assert panel_text(client.get(reverse("admin:index"))) is None
    client.force_login(make_user(groups=[roles.DESK]))
    response = client.get(reverse("admin:index"))
    assert "Expiring Friday" in panel_text(response)
    assert reverse("admin:articles_video_change", args=[library["expiring"].pk]) not in (
        response.content.decode()
    )


def test_expiring_videos_command_lists_the_same_videos_for_a_horizon(library):
    """The alert command lists videos expiring within --days, with the articles showing them."""
    out = io.StringIO()
    call_command("expiring_videos", "--days", "7", stdout=out)
    text = out.getvalue()
    assert text.startswith("Videos expiring in the next 7 days: 1\n")
    assert "2026-06-05 09:00 UTC  Expiring Friday [[video:" in text
    assert "  - Summit opens (Published) /section-" in text
    assert "  - Summit day two (Published) /section-" in text
    assert "next month" not in text

    out = io.StringIO()
    call_command("expiring_videos", "--days", "31", stdout=out)
    assert "Videos expiring in the next 31 days: 2" in out.getvalue()
    assert "Expiring next month" in out.getvalue()


def test_expiring_videos_command_is_silent_when_nothing_expires(library):
    out = io.StringIO()
    call_command("expiring_videos", "--days", "1", stdout=out)
    assert out.getvalue() == ""


def test_deleting_an_article_frees_its_videos(editor_client, library):
    """An editor can delete an article that shows videos; the videos stay, now deletable."""
    article = Article.objects.get(headline="Archive piece")
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert "Are you sure" in editor_client.get(url).content.decode()
    editor_client.post(url, {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    library["open"].delete()
    assert Video.objects.filter(pk=library["expired"].pk).exists()


def test_expiring_videos_command_refuses_a_horizon_under_a_day(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("expiring_videos", "--days", "0")


@pytest.mark.parametrize("field", ["provider_id", "source_url"])
def test_a_vimeo_player_address_without_an_id_is_a_form_error(editor_client, db, field):
    """https://player.vimeo.com/video alone names no video: the form says so, no 500."""
    response = editor_client.post(
        reverse("admin:articles_video_add"),
        {
            "title": "Broken link",
            "slug": "broken-link",
            "provider": "vimeo" if field == "provider_id" else "",
            field: "https://player.vimeo.com/video",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
