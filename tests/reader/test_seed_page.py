"""The reference page, ../shared/seed/article.txt, reproduced from the seed data."""

import io
from pathlib import Path

from django.core.management import call_command

from articles.models import Article, Attribution, Byline, Video
from tests.helpers import page_blocks

# A copy of the reference page (shared/seed/article.txt) kept with the tests.
SEED_TEXT = Path(__file__).resolve().parents[1] / "reference" / "seed_article.txt"
EXPIRED = "We apologize, this video has expired."


def seed_lines():
    """The seed page's non-empty lines."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_seed_page_matches_the_reference_for_chrome(seed_article, chrome):
    """Every line of the seed page, except the IE notice, appears in order on the page."""
    response = chrome.get(seed_article.get_absolute_url())
    assert response.status_code == 200
    blocks = page_blocks(response)
    expected = seed_lines()[1:]  # the first line is the IE 11 notice
    start = blocks.index(expected[0])
    assert blocks[start : start + len(expected)] == expected
    assert blocks.count(EXPIRED) == 2
    assert not any("IE 11 is not supported" in block for block in blocks)


def test_seed_page_for_ie11_starts_with_the_notice(seed_article, ie11):
    """An IE 11 reader sees the notice first, then the same story."""
    blocks = page_blocks(ie11.get(seed_article.get_absolute_url()))
    lines = seed_lines()
    assert blocks[0] == lines[0]
    start = blocks.index(lines[1])
    assert blocks[start : start + len(lines) - 1] == lines[1:]


def test_seed_page_markup_keeps_the_quotation_marks(seed_article, chrome):
    """Straight and curly quotes come out as the seed has them, not rewritten."""
    html = chrome.get(seed_article.get_absolute_url()).content.decode()
    assert '"Unfortunately, I cannot confirm' in html
    assert "“a token gesture in the direction of withdrawal.”" in html
    assert "Reuters contributed to this report." in html


def test_load_seed_is_idempotent(db):
    """Running the loader twice changes nothing."""
    call_command("load_seed", stdout=io.StringIO())
    article = Article.objects.get(slug__startswith="nato-")
    before = (
        article.modified_at,
        Video.objects.count(),
        Byline.objects.count(),
        Attribution.objects.count(),
    )
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    article.refresh_from_db()
    after = (
        article.modified_at,
        Video.objects.count(),
        Byline.objects.count(),
        Attribution.objects.count(),
    )
    # The seed story has one byline, the photo desk story two.
    assert before == after == (before[0], 2, 3, 1)
    assert "already up to date" in out.getvalue()


def test_seed_videos_closed_in_2014(seed_article):
    """Both seed videos have rights windows that closed in 2014 and are recorded on the article."""
    videos = list(seed_article.videos.all())
    assert len(videos) == 2
    assert all(video.expires_at.year == 2014 for video in videos)
    assert seed_article.lead_video in videos
