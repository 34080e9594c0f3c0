"""The list of videos a story shows follows its body and lead video, wherever it is saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.helpers import make_section, make_video

pytestmark = pytest.mark.django_db


def test_an_article_saved_outside_the_admin_records_its_body_and_lead_videos():
    """Saved from code (a command, an import, the shell), the story still knows the
    videos its body places and its lead video."""
    body_video, lead_video = make_video(slug="summit"), make_video(slug="lead")
    article = Article.objects.create(
        headline="Summit",
        slug="summit",
        section=make_section(),
        body="Before.\n\n[[video:summit]]\n\nAfter.",
        lead_video=lead_video,
    )
    assert set(article.videos.all()) == {body_video, lead_video}


def test_editing_the_body_from_code_keeps_the_videos_in_step():
    """Removing a reference and adding another one updates the list on save."""
    first, second = make_video(slug="first"), make_video(slug="second")
    article = Article.objects.create(
        headline="H", slug="h", section=make_section(), body="[[video:first]]"
    )
    article.body = "[[video:second]]"
    article.save()
    assert list(article.videos.all()) == [second]
    article.lead_video = first
    article.save(update_fields=["lead_video"])
    assert set(article.videos.all()) == {first, second}


def test_a_save_of_other_fields_leaves_the_videos_alone():
    """A save that names only other fields (such as the "Updated" time) costs no video
    queries."""
    make_video(slug="clip")
    article = Article.objects.create(headline="H", slug="h", section=make_section(), body="x")
    with CaptureQueriesContext(connection) as queries:
        article.save(update_fields=["updated_at"])
    assert not [q for q in queries if "articlevideo" in q["sql"].lower()]
