"""/healthz and /readyz: cheap answers for load balancers, never cached."""

import json

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from tests.helpers import CHROME_UA

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


def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    def refuse(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response, body = answer(client, "/readyz")
    assert response.status_code == 503
    assert body == {
        "status": "unavailable",
        "problems": {"database:default": "OperationalError"},
    }
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").status_code == 200


def test_readyz_is_503_when_redis_cannot_be_reached(client, settings):
    unreachable = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
    }
    settings.CACHES = {**settings.CACHES, "default": unreachable}
    response, body = answer(client, "/readyz")
    assert response.status_code == 503
    assert body["problems"] == {"cache:default": "ConnectionError"}
