"""
Complete reader pages kept ready to send, for anonymous readers.

A page is stored only when it says it may be: a 200 answer to a GET, ``Cache-Control:
public`` with a max-age, no cookie set. Its lifetime is that max-age (s-maxage when
given), which ``articles.caching`` already bounds by the next instant the page changes
by itself, so a scheduled story or an expiring video is never served stale.

Keys hold the URL, the browser class and the language, never the raw User-Agent, so a
page has at most one copy per class. Every entry records the cache *generation* it was
rendered in; a change to anything pages show bumps the generation (one counter in the
shared cache, seen by every app server at its next request) and older entries stop
matching at once. Entry and generation are read in one round trip.

The cache is an optimisation: when it fails (Redis down), pages are served uncached,
a warning is logged once, and the cache is tried again a few seconds later.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from redis.exceptions import RedisError

from articles import changes
from articles.browsers import classify

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
DEFAULT_RETRY_SECONDS = 5
# What a failing cache backend raises: django-redis re-raises the client's error when it
# is not told to ignore it; socket trouble in other backends surfaces as OSError.
CACHE_ERRORS = (RedisError, OSError)
# Stored pages do not carry the headers that describe one particular answer.
PER_RESPONSE_HEADERS = frozenset({"age", "date", "set-cookie"})


def enabled():
    return getattr(settings, "NEWSROOM_PAGE_CACHE", True)


def cache_alias():
    return getattr(settings, "NEWSROOM_PAGE_CACHE_ALIAS", "default")


def retry_seconds():
    return getattr(settings, "NEWSROOM_PAGE_CACHE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)


class CacheHealth:
    """Remembers an outage, so requests skip a dead cache instead of each waiting on it."""

    def __init__(self):
        self.down_until = None

    def usable(self):
        return self.down_until is None or time.time() >= self.down_until

    def failed(self, error):
        if self.down_until is None:
            logger.warning("Page cache unavailable, serving pages uncached: %r", error)
        self.down_until = time.time() + retry_seconds()

    def succeeded(self):
        if self.down_until is not None:
            logger.warning("Page cache available again; caching resumes.")
            self.down_until = None


health = CacheHealth()


def invalidate():
    """Make every stored page stale at once, on every app server sharing the cache."""
    cache = caches[cache_alias()]
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter yet, or it was evicted
            _new_generation(cache)
    except CACHE_ERRORS as error:
        logger.warning("Could not invalidate the page cache: %r", error)


def _new_generation(cache):
    # Nanoseconds never repeat a value an older entry could hold, even after the
    # counter itself was evicted.
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _content_changed(**kwargs):
    invalidate()


def connect_signals():
    changes.content_changed.connect(_content_changed, dispatch_uid="pagecache")


def page_key(request, browser_class):
    url = request.build_absolute_uri().encode()
    digest = hashlib.blake2b(url, digest_size=16).hexdigest()
    return f"page:{browser_class}:{get_language()}:{digest}"


def _cache_control(response):
    directives = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip()
    return directives


def shared_lifetime(response):
    """Seconds a shared cache may keep ``response``, or 0 when it must not keep it."""
    directives = _cache_control(response)
    if "public" not in directives or directives.keys() & {"private", "no-cache", "no-store"}:
        return 0
    value = directives.get("s-maxage") or directives.get("max-age") or "0"
    return int(value) if value.isdigit() else 0


def is_storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and shared_lifetime(response) > 0
    )


def _is_anonymous_read(request):
    # Decided without touching the session: a request carrying a session cookie may
    # belong to a signed-in user and is never served from, or stored in, the cache.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _conditional(request, response):
    answer = get_conditional_response(request, etag=response.get("ETag"), response=response)
    if answer is not response and response.has_header("Age"):
        answer.headers["Age"] = response.headers["Age"]
    return answer


class PageCacheMiddleware:
    """Serves stored pages to anonymous readers and stores the pages that allow it.

    Placed near the top of ``MIDDLEWARE`` (after security and static files) so that a
    stored page is the finished answer, headers included, and a hit runs no other
    middleware and no SQL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and _is_anonymous_read(request)):
            return self.get_response(request)
        cache = caches[cache_alias()]
        key = page_key(request, classify(request.headers.get("User-Agent")))
        generation, entry = self.lookup(cache, key)
        if entry is not None:
            return _conditional(request, self.replay(request, entry))
        response = self.get_response(request)
        if not is_storable(response):
            return response
        if not response.has_header("ETag"):
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response.headers["ETag"] = f'"{digest}"'
        if request.method == "GET" and generation is not None:
            self.store(cache, key, generation, response)
        return _conditional(request, response)

    def lookup(self, cache, key):
        """The current generation (None when the cache is unusable) and the live entry."""
        if not health.usable():
            return None, None
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
                generation = cache.get(GENERATION_KEY)
        except CACHE_ERRORS as error:
            health.failed(error)
            return None, None
        health.succeeded()
        entry = found.get(key)
        # The backend's own expiry runs on its clock and in whole seconds; the page's
        # bound is checked here too, on ours.
        if entry is None or entry[0] != generation or entry[2] <= time.time():
            return generation, None
        return generation, entry

    def store(self, cache, key, generation, response):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_RESPONSE_HEADERS
        ]
        now, lifetime = time.time(), shared_lifetime(response)
        entry = (generation, now, now + lifetime, response.status_code, headers, response.content)
        try:
            cache.set(key, entry, timeout=lifetime)
        except CACHE_ERRORS as error:
            health.failed(error)

    def replay(self, request, entry):
        _generation, stored_at, _expires_at, status, headers, content = entry
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response.headers[name] = value
        # Shared caches and browsers count the time already spent here against max-age.
        response.headers["Age"] = str(max(0, int(time.time() - stored_at)))
        return response
