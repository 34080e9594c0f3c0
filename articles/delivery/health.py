"""
Health checks for load balancers and caches: ``/healthz`` and ``/readyz``.

``/healthz`` says the process answers; ``/readyz`` also checks that the database and the
caches can be reached, and answers 503 when one cannot. Both are answered by the first
middleware, before host checks, HTTPS redirects, sessions or the page cache: a load
balancer asks by address over plain HTTP, and the answer costs no template and no more
than one query and one cache round trip. Neither is ever cached.

What failed is logged, and named in the answer only to a signed-in staff member: the
names of the site's databases and caches and their errors are nobody else's business.
The rule is not "from a loopback address": behind a proxy on the same machine every
reader comes from there.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LIVE = "/healthz"
READY = "/readyz"
READY_KEY = "newsroom:readyz"


def _database_error(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return error
    return None


def _cache_error(alias):
    cache = caches[alias]
    client = getattr(cache, "client", None)
    try:
        if hasattr(client, "get_client"):
            # django-redis may be told to ignore errors on reads: ask Redis itself.
            client.get_client(write=False).ping()
        else:
            cache.get(READY_KEY)
    except (RedisError, OSError) as error:
        return error
    return None


def problems() -> dict[str, str]:
    """What the site cannot reach now, by name (``database:default``, ``cache:pages``)."""
    found = {}
    for alias in settings.DATABASES:
        if (error := _database_error(alias)) is not None:
            found[f"database:{alias}"] = type(error).__name__
    for alias in settings.CACHES:
        if (error := _cache_error(alias)) is not None:
            found[f"cache:{alias}"] = type(error).__name__
    return found


def _from_staff(request) -> bool:
    """Whether the request carries a signed-in, active staff member's session.

    Read only when something failed, so a load balancer's check costs nothing more; when
    the sessions' store is what failed, nobody is known and the answer is the status.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        user = get_user(request)
    except (DatabaseError, RedisError, OSError):
        return False
    return user.is_active and user.is_staff


def _answer(status, body):
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz``; first in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == LIVE:
            return _answer(200, {"status": "ok"})
        if request.path == READY:
            found = problems()
            if found:
                logger.warning("Not ready: %s", ", ".join(f"{k} {v}" for k, v in found.items()))
                if _from_staff(request):
                    return _answer(503, {"status": "unavailable", "problems": found})
                return _answer(503, {"status": "unavailable"})
            return _answer(200, {"status": "ok"})
        return self.get_response(request)
