"""The article form's scripts when the server cannot help: Redis down, a session ended."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.pages import change_url, log_in
from tests.helpers import add_byline, make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Nothing listens there, as when Redis is down.
DEAD_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:6390/4",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
}


def test_with_redis_down_the_form_says_who_else_is_here_cannot_be_shown(page, editor):
    story = make_article(status=Article.Status.DRAFT)
    add_byline(story)
    caches = {**settings.CACHES, "presence": DEAD_REDIS}
    with override_settings(
        CACHES=caches, NEWSROOM_PRESENCE_CACHE="presence", NEWSROOM_PRESENCE_RETRY_SECONDS=0
    ):
        log_in(page, editor)
        page.goto(change_url(story))
        presence = page.locator(".presence-list")
        expect(presence).to_have_text("Who else has this article open cannot be shown right now.")
        with page.expect_response(lambda answer: "/presence/" in answer.url, timeout=15_000):
            pass
        expect(presence).to_have_text("Who else has this article open cannot be shown right now.")
        page.get_by_label("Headline").fill("Typed while Redis is down")
        expect(page.locator(".autosave-status")).to_contain_text("kept", timeout=15_000)


def test_autosave_says_when_the_session_has_ended(page, editor):
    story = make_article(status=Article.Status.DRAFT)
    add_byline(story)
    log_in(page, editor)
    page.goto(change_url(story))
    Session.objects.all().delete()
    page.get_by_label("Headline").fill("Typed after the session ended")
    expect(page.locator(".autosave-status")).to_contain_text(
        "Unsaved changes not kept", timeout=15_000
    )
