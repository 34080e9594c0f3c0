"""The article page: the browser notice, video slates, and a fixed query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Byline
from tests.helpers import (
    CHROME_UA,
    IE11_COMPAT_UA,
    IE11_UA,
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
    make_video,
)

NOTICE = "IE 11 is not supported. For an optimal experience visit our site on another browser."


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", [IE11_UA, IE11_COMPAT_UA], ids=["ie11", "ie11-compat"])
def test_ie11_gets_the_notice_at_the_top(client, seed_article, user_agent):
    """The notice is the first thing in the body, before the site header."""
    html = client.get(seed_article.get_absolute_url(), HTTP_USER_AGENT=user_agent).content.decode()
    body = html[html.index("<body>") :]
    assert NOTICE in body
    assert body.index(NOTICE) < body.index('class="site-header"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_agent",
    [
        CHROME_UA,
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    ],
    ids=["chrome", "firefox", "safari", "edge"],
)
def test_current_browsers_get_no_notice(client, seed_article, user_agent):
    html = client.get(seed_article.get_absolute_url(), HTTP_USER_AGENT=user_agent).content.decode()
    assert "IE 11 is not supported" not in html


@pytest.mark.django_db
def test_available_video_renders_a_player_with_poster_and_caption(chrome):
    video = make_video(
        caption="Ministers arrive in Brussels.",
        expires_at=timezone.now() + timedelta(days=3),
    )
    article = make_article(lead_video=video)
    html = chrome.get(article.get_absolute_url()).content.decode()
    assert "<video controls" in html
    assert f'<source src="{video.source_url}"' in html
    assert "Ministers arrive in Brussels." in html
    assert "this video has expired" not in html


@pytest.mark.django_db
def test_provider_video_is_an_iframe_built_from_the_id(chrome):
    video = make_video(provider="youtube", provider_id="dQw4w9WgXcQ")
    article = make_article(body=f"Intro.\n\n[[video:{video.slug}]]\n\nOutro.")
    html = chrome.get(article.get_absolute_url()).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html


@pytest.mark.django_db
def test_expired_video_renders_the_slate_in_place_of_the_player(chrome):
    video = make_video(expires_at=timezone.now() - timedelta(minutes=1))
    article = make_article(body=f"Before.\n\n[[video:{video.slug}]]\n\nAfter.")
    html = chrome.get(article.get_absolute_url()).content.decode()
    assert "We apologize, this video has expired." in html
    assert "<video" not in html
    assert html.index("Before.") < html.index("this video has expired") < html.index("After.")


@pytest.mark.django_db
def test_not_yet_available_video_renders_nothing_for_readers(chrome):
    video = make_video(available_from=timezone.now() + timedelta(days=1))
    article = make_article(body=f"Before.\n\n[[video:{video.slug}]]\n\nAfter.")
    html = chrome.get(article.get_absolute_url()).content.decode()
    assert "<video" not in html
    assert "expired" not in html
    assert "[[video:" not in html


def _article_with(n):
    videos = [make_video(expires_at=timezone.now() + timedelta(days=i + 1)) for i in range(n)]
    body = "\n\n".join(
        f"Paragraph {i}.\n\n[[video:{video.slug}]]" for i, video in enumerate(videos)
    )
    article = make_article(body=body, lead_video=videos[0])
    for i in range(n):
        add_byline(article, make_person(), role=Byline.Role.BY, order=i)
        add_attribution(article, make_organization(), order=i)
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 10])
def test_article_page_query_count_is_fixed(chrome, assert_article_queries, n):
    """One byline, attribution and video cost the same number of queries as ten."""
    article = _article_with(n)
    response = assert_article_queries(chrome, article.get_absolute_url())
    assert response.content.decode().count("<video") == n + 1  # the lead, then the body
