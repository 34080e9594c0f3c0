"""With Redis down the article form, autosave and presence keep working: nothing is a 500."""

import json

import pytest
from django.test import Client, override_settings

from articles.admin import presence
from articles.models import Article, Autosave
from tests.helpers import add_byline, admin_url, form_data, make_article, make_user

pytestmark = pytest.mark.django_db

# Nothing listens there: every connection is refused, as when Redis is down.
DOWN = "redis://127.0.0.1:6390/4"
TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}


@pytest.fixture
def redis_down():
    """The production cache settings (newsroom/settings.py) with CACHE_URL at a dead Redis;
    undone before the suite's own fixtures clear the caches."""
    default = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": DOWN,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, **TIMEOUTS},
    }
    strict = {**default, "OPTIONS": TIMEOUTS}
    with override_settings(
        CACHES={"default": default, "pages": strict, "presence": strict},
        NEWSROOM_PRESENCE_CACHE="presence",
        NEWSROOM_PRESENCE_RETRY_SECONDS=0,
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False,
    ):
        yield


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_user("alma", groups=["Editor"]))
    return client


@pytest.fixture
def story():
    article = make_article(status=Article.Status.DRAFT)
    add_byline(article)
    return article


def test_the_article_form_opens_and_says_presence_is_unavailable(redis_down, editor_client, story):
    page = editor_client.get(admin_url("change", story.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "cannot be shown right now" in text
    assert "Nobody else has this article open." not in text
    assert editor_client.get(admin_url("add")).status_code == 200
    assert editor_client.get(admin_url("changelist")).status_code == 200


def test_the_presence_endpoint_answers_a_clear_error(redis_down, editor_client, story):
    answer = editor_client.post(admin_url("presence", story.pk))
    assert answer.status_code == 503
    assert answer.json() == {
        "others": [],
        "error": "Who else has this article open cannot be shown right now.",
    }


def test_autosave_keeps_the_text_in_the_database(redis_down, editor_client, story):
    fields = [["headline", ["Typed while Redis was down"], []]]
    answer = editor_client.post(
        admin_url("autosave", story.pk), json.dumps(fields), content_type="application/json"
    )
    assert answer.status_code == 200
    assert "kept_at" in answer.json()
    assert Autosave.objects.get(article=story).values()["headline"] == [
        "Typed while Redis was down"
    ]
    page = editor_client.get(admin_url("change", story.pk)).content.decode()
    assert "Typed while Redis was down" in page


def test_the_article_saves(redis_down, editor_client, story):
    data = form_data(editor_client.get(admin_url("change", story.pk)))
    data["headline"] = "Saved with Redis down"
    assert editor_client.post(admin_url("change", story.pk), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Saved with Redis down"


def test_presence_comes_back_with_the_cache(editor_client, story, settings):
    """After the outage the reports work again at once (no retry wait in tests)."""
    settings.NEWSROOM_PRESENCE_RETRY_SECONDS = 0
    presence._down_until = 0.0
    assert editor_client.post(admin_url("presence", story.pk)).json() == {"others": []}
