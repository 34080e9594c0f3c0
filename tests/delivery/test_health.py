"""/healthz and /readyz: cheap answers for load balancers, never cached."""

import json

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from tests.helpers import CHROME_UA, make_user

pytestmark = pytest.mark.django_db


def answer(client, path, **extra):
    response = client.get(path, HTTP_USER_AGENT=CHROME_UA, **extra)
    return response, json.loads(response.content)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_is_never_cached_and_answers_any_host_over_plain_http(client, settings, path):
    """A load balancer asks by address and over HTTP: no host check, no HTTPS redirect."""
    settings.SECURE_SSL_REDIRECT = True
    response, body = answer(client, path, HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200 and body == {"status": "ok"}
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response and "Set-Cookie" not in response


def test_healthz_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_readyz_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200


def refuse_sql(monkeypatch):
    def refuse(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


UNREACHABLE_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
}


def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    refuse_sql(monkeypatch)
    response, body = answer(client, "/readyz")
    assert response.status_code == 503
    assert body == {"status": "unavailable"}
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").status_code == 200


def test_readyz_is_503_when_redis_cannot_be_reached(client, settings):
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    response, body = answer(client, "/readyz")
    assert response.status_code == 503
    assert body == {"status": "unavailable"}


def test_readyz_logs_what_failed(client, settings, caplog):
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    with caplog.at_level("WARNING", logger="articles.delivery.health"):
        answer(client, "/readyz")
    assert "cache:default ConnectionError" in caplog.text


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"REMOTE_ADDR": "127.0.0.1"},
        {"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
        {"HTTP_COOKIE": "sessionid=not-a-session-at-all"},
        {"HTTP_COOKIE": 'sessionid="abcdefgh\\000ijklmnop"'},
    ],
)
def test_readyz_names_nothing_to_readers(client, settings, extra):
    """A reader, from whatever address and with whatever cookie, learns only the status."""
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    response, body = answer(client, "/readyz", **extra)
    assert response.status_code == 503
    assert body == {"status": "unavailable"}
    assert b"cache" not in response.content and b"Error" not in response.content


def test_readyz_names_nothing_to_a_signed_in_user_who_is_not_staff(client, settings):
    client.force_login(make_user(staff=False))
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    response, body = answer(client, "/readyz")
    assert response.status_code == 503 and body == {"status": "unavailable"}


def test_readyz_names_what_failed_to_signed_in_staff(client, settings):
    client.force_login(make_user())
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    response, body = answer(client, "/readyz")
    assert response.status_code == 503
    assert body == {"status": "unavailable", "problems": {"cache:default": "ConnectionError"}}


def test_readyz_for_staff_while_the_database_is_down_is_the_bare_status(client, monkeypatch):
    """Sessions live in the database: with it down nobody is known, and nothing fails."""
    client.force_login(make_user())
    refuse_sql(monkeypatch)
    response, body = answer(client, "/readyz")
    assert response.status_code == 503 and body == {"status": "unavailable"}


def test_readyz_costs_one_query_for_staff_too(client, django_assert_num_queries):
    client.force_login(make_user())
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200
