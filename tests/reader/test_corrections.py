"""Corrections and updates: on the story, in the "Updated" time, on their own page and feed."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.helpers import (
    QUERIES,
    add_byline,
    add_inline_row,
    admin_url,
    form_data,
    login,
    make_article,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article(headline="Summit story")
    add_byline(article)
    return article


def note(
    article, kind=Correction.Kind.CORRECTION, text="An earlier version misspelled a name.", **f
):
    return Correction.objects.create(article=article, kind=kind, text=text, **f)


def test_corrections_are_shown_on_the_story_with_kind_and_date(client, article):
    """Each note appears at the foot of the story, labelled and dated, Markdown rendered."""
    note(article, text="An earlier version gave the *wrong* date.")
    note(article, kind=Correction.Kind.EDITORS_NOTE, text="This story was updated.")
    text = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections and updates" in text
    assert "<strong>Correction</strong>" in text
    assert "<strong>Editor's note</strong>" in html.unescape(text)
    assert "gave the <em>wrong</em> date." in text
    assert text.index("wrong") < text.index("This story was updated.")


def test_correction_markdown_is_sanitized(client, article):
    """Script in a note never reaches the page."""
    note(article, text="Fixed.<script>alert(1)</script> [link](javascript:alert(1))")
    text = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in text
    assert "javascript:" not in text


def test_a_correction_cannot_place_a_video(article):
    """Notes are text: a video reference is refused with a clear message."""
    correction = Correction(article=article, text="[[video:clip]]")
    with pytest.raises(ValidationError, match="cannot place a video"):
        correction.full_clean()


@pytest.mark.parametrize("count", [1, 8])
def test_story_page_queries_do_not_grow_with_corrections(
    client, article, count, assert_article_queries
):
    """The story costs the same number of queries with one note or many."""
    for n in range(count):
        note(article, text=f"Note {n}.")
    response = assert_article_queries(client, article.get_absolute_url())
    html = response.content.decode()
    assert all(f"Note {n}." in html for n in range(count))


def test_adding_a_correction_in_the_admin_updates_the_story_time(client, article):
    """A note added to a live story moves its "Updated" time, shown on the page."""
    login(client, "editor")
    data = form_data(client.get(admin_url("change", article.pk)))
    add_inline_row(
        data,
        "corrections",
        kind="clarification",
        text="The minister spoke on Tuesday.",
        published_at_0=timezone.now().strftime("%Y-%m-%d"),
        published_at_1=timezone.now().strftime("%H:%M:%S"),
    )
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.corrections.get().kind == "clarification"
    assert timezone.now() - article.updated_at < timedelta(minutes=1)
    client.logout()
    text = client.get(article.get_absolute_url()).content.decode()
    assert "Updated <time" in text
    assert "The minister spoke on Tuesday." in text


def test_corrections_page_lists_notes_on_published_stories_newest_first(client, article):
    """The site-wide page shows every note on a live story, newest first, and no others."""
    now = timezone.now()
    note(article, text="Older note.", published_at=now - timedelta(days=2))
    note(article, text="Newer note.", published_at=now - timedelta(hours=1))
    draft = make_article(status=Article.Status.DRAFT)
    note(draft, text="Note on a draft.")
    text = client.get(reverse("articles:corrections")).content.decode()
    assert text.index("Newer note.") < text.index("Older note.")
    assert "Note on a draft." not in text
    assert f'href="{article.get_absolute_url()}#correction-' in text


@pytest.mark.parametrize("count", [1, 8])
def test_corrections_page_queries_do_not_grow(client, count, assert_page_queries):
    """The corrections page costs the same whatever the number of notes and stories."""
    for _ in range(count):
        story = make_article()
        note(story)
    url = reverse("articles:corrections")
    assert_page_queries(client, url, QUERIES["corrections page"])


def test_corrections_feed_carries_each_note(client, article):
    """The RSS feed has an entry per note, linking to the note on its story."""
    correction = note(article, kind=Correction.Kind.UPDATE, text="Added **new** figures.")
    note(make_article(status=Article.Status.DRAFT), text="Hidden note.")
    response = client.get(reverse("articles:corrections_feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert [entry.title for entry in feed.entries] == ["Update: Summit story"]
    entry = feed.entries[0]
    assert entry.link.endswith(f"{article.get_absolute_url()}#correction-{correction.pk}")
    assert "<strong>new</strong>" in entry.description


@pytest.mark.parametrize("count", [1, 8])
def test_corrections_feed_queries_do_not_grow(client, count, assert_page_queries):
    """The feed costs the same for any number of notes: the notes, the next scheduled story."""
    for _ in range(count):
        note(make_article())
    assert_page_queries(client, reverse("articles:corrections_feed"), QUERIES["corrections feed"])


def test_a_correction_cannot_be_dated_in_the_future(article):
    """A note's date is when it was made public: a future date is refused."""
    correction = Correction(
        article=article, text="Fixed.", published_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="cannot be in the future"):
        correction.full_clean()
