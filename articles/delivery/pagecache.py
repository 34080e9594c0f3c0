"""
Complete reader pages kept ready to send, for anonymous readers.

A page is stored only when it says it may be: a 200 answer to a GET, ``Cache-Control:
public`` with a max-age, no cookie set, and its content keys in ``Surrogate-Key``. Its
lifetime is that max-age (s-maxage when given), which ``articles.delivery.lifetimes``
already ends at the next instant the page changes by itself.

Staleness is tracked per content key, in the shared cache, so every app server sees a
purge at its next request:

- a *sequence* counts purges; each request reads it before its page is rendered;
- purging a key sets the key's *version* to a new sequence number;
- a stored page records the sequence read before it was rendered, and is served only
  while every one of its keys has a version no newer than that.

A page rendered from rows that a concurrent change was replacing therefore never
outlives the purge that follows the change's commit. A hit costs one round trip: the
page is read with the versions of its keys, which each process remembers per page; a
miss reads the sequence before it renders.

Keys hold the URL, the browser class and the language, never the raw User-Agent, so a
page has at most one copy per class. The cache is an optimisation: when it fails (Redis
down), pages are served uncached, a warning is logged once, and the cache is tried again
a few seconds later.
"""

import hashlib
import logging
import time
from collections.abc import Iterable
from http.client import responses

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from redis.exceptions import RedisError

from articles.conf import setting
from articles.delivery import keys as content_keys
from articles.reader.browsers import classify

logger = logging.getLogger(__name__)

SEQUENCE_KEY = "pagecache:sequence"
VERSION_PREFIX = "pagecache:key:"
# What a failing cache backend raises: django-redis re-raises the client's error when it
# is not told to ignore it; socket trouble in other backends surfaces as OSError.
CACHE_ERRORS = (RedisError, OSError)
# Stored pages do not carry the headers that describe one particular answer.
PER_RESPONSE_HEADERS = frozenset({"age", "date", "set-cookie"})
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
REMEMBERED_PAGES = 20_000


def enabled():
    return setting("NEWSROOM_PAGE_CACHE")


def cache_alias():
    return setting("NEWSROOM_PAGE_CACHE_ALIAS")


def retry_seconds():
    return setting("NEWSROOM_PAGE_CACHE_RETRY_SECONDS")


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


def _version_keys(keys: Iterable[str]) -> list[str]:
    return [VERSION_PREFIX + key for key in keys]


def _new_sequence_start() -> int:
    # Microseconds since the epoch start above any number an older sequence could have
    # reached (a million purges a second), and stay below 2**53, which cache clients that
    # pass counters through floats keep exactly.
    return int(time.time() * 1_000_000)


def _next_sequence(cache) -> int:
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:  # no sequence yet, or it was evicted
        cache.add(SEQUENCE_KEY, _new_sequence_start(), timeout=None)
        return cache.incr(SEQUENCE_KEY)


def _current_sequence(cache, found) -> int:
    sequence = found.get(SEQUENCE_KEY)
    if sequence is None:
        cache.add(SEQUENCE_KEY, _new_sequence_start(), timeout=None)
        sequence = cache.get(SEQUENCE_KEY)
    return sequence


def purge(keys: Iterable[str]) -> None:
    """Stale every stored page that shows any of ``keys``, on every app server."""
    if not enabled():
        return
    cache = caches[cache_alias()]
    try:
        sequence = _next_sequence(cache)
        cache.set_many(dict.fromkeys(_version_keys(keys), sequence), timeout=None)
    except CACHE_ERRORS as error:
        logger.warning("Could not purge %s from the page cache: %r", " ".join(keys), error)


def page_key(request, browser_class):
    # The address as it came (get_host() refuses hosts the site does not answer to).
    query = request.META.get("QUERY_STRING", "")
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
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
        and bool(content_keys.of_response(response))
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
    """304 when the reader's copy is current, keeping the stored page's ``Age``."""
    if response.status_code != 200 or not response.has_header("ETag"):
        return response
    answer = get_conditional_response(request, etag=response["ETag"], response=response)
    if answer is not response and response.has_header("Age"):
        answer.headers["Age"] = response.headers["Age"]
    return answer


class PageStore:
    """Stored pages, read and written for both doors (the WSGI application and the middleware)."""

    def __init__(self):
        # Each page's content keys as this process last saw them, so that a hit reads
        # the page and its keys' versions together.
        self.keys_by_page = {}

    def lookup(self, cache, key):
        """The stored page for ``key`` if none of its keys was purged since it was rendered.

        One round trip: the page is read with the versions of the keys it had when this
        process last saw it (a second read only when its keys have changed since).
        """
        if not health.usable():
            return None
        remembered = self.keys_by_page.get(key, ())
        try:
            found = cache.get_many([key, *_version_keys(remembered)])
            entry = found.get(key)
            if entry is not None and tuple(entry[3]) != remembered:
                self.remember(key, entry[3])
                found.update(cache.get_many(_version_keys(entry[3])))
        except CACHE_ERRORS as error:
            health.failed(error)
            return None
        health.succeeded()
        return entry if entry is not None and self.is_fresh(entry, found) else None

    @staticmethod
    def is_fresh(entry, found):
        rendered_after, _stored_at, expires_at, keys = entry[:4]
        # The backend's own expiry runs on its clock and in whole seconds; the page's
        # bound is checked here too, on ours.
        if expires_at <= time.time():
            return False
        versions = [found.get(VERSION_PREFIX + key) for key in keys]
        # A key whose version was evicted may have been purged since: not fresh.
        return None not in versions and max(versions) <= rendered_after

    def sequence(self, cache):
        """The purge sequence now, or None when the cache is unusable."""
        if not health.usable():
            return None
        try:
            return _current_sequence(cache, {SEQUENCE_KEY: cache.get(SEQUENCE_KEY)})
        except CACHE_ERRORS as error:
            health.failed(error)
            return None

    def remember(self, key, keys):
        if len(self.keys_by_page) >= REMEMBERED_PAGES:
            self.keys_by_page.clear()
        self.keys_by_page[key] = tuple(keys)

    def store(self, cache, key, sequence, response):
        keys = content_keys.of_response(response)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_RESPONSE_HEADERS
        ]
        now, lifetime = time.time(), shared_lifetime(response)
        entry = (
            sequence,
            now,
            now + lifetime,
            keys,
            response.status_code,
            headers,
            response.content,
        )
        try:
            versions = cache.get_many(_version_keys(keys))
            if versions and max(versions.values()) > sequence:
                return  # purged while it was being rendered
            for version_key in set(_version_keys(keys)) - versions.keys():
                cache.add(version_key, sequence, timeout=None)
            cache.set(key, entry, timeout=lifetime)
            self.remember(key, keys)
        except CACHE_ERRORS as error:
            health.failed(error)


pages = PageStore()


def _age(entry):
    # Shared caches and browsers count the time already spent here against max-age.
    return str(max(0, int(time.time() - entry[1])))


def _replay(request, entry):
    _sequence, _stored_at, _expires_at, _keys, status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["Age"] = _age(entry)
    return response


# Where ``StoredPagesApplication`` leaves the key it found no page under, so that Django's
# handling of the same request neither computes it nor looks it up again.
MISSED_KEY = "newsroom.page_cache.missed_key"


def stored_page(request):
    """The page key of an anonymous reader's request and the page stored under it (or
    None); no key for other requests."""
    if not (enabled() and _is_anonymous_read(request)):
        return None, None
    if MISSED_KEY in request.META:
        return request.META[MISSED_KEY], None
    key = page_key(request, classify(request.headers.get("User-Agent")))
    return key, pages.lookup(caches[cache_alias()], key)


class StoredPagesApplication:
    """The WSGI application with stored pages answered before Django handles the request.

    A hit needs none of the request handling (signals, middleware, URL resolution): the
    page and its keys' versions are read, and sent as stored. Conditional requests get
    the same answer as from ``PageCacheMiddleware``; everything else, and every request
    whose host the site does not answer to, goes to Django.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not enabled():
            return self.application(environ, start_response)
        # A request of its own environ: WSGIRequest decodes PATH_INFO in place, and
        # Django's handler must get it as the server sent it.
        request = WSGIRequest(environ.copy())
        try:
            key, entry = stored_page(request)
        except DisallowedHost:
            key = entry = None
        if entry is None:
            if key is not None:
                environ[MISSED_KEY] = key
            return self.application(environ, start_response)
        if any(name in environ for name in CONDITIONAL_HEADERS):
            answer = _conditional(request, _replay(request, entry))
            start_response(f"{answer.status_code} {answer.reason_phrase}", list(answer.items()))
            return [answer.content]
        status, headers, content = entry[4:]
        start_response(f"{status} {responses[status]}", [*headers, ("Age", _age(entry))])
        return [b"" if request.method == "HEAD" else content]


class PageCacheMiddleware:
    """Serves stored pages to anonymous readers and stores the pages that allow it.

    Placed near the top of ``MIDDLEWARE`` (after security and static files) so that a
    stored page is the finished answer, headers included, and a hit runs no other
    middleware and no SQL; under gunicorn, ``StoredPagesApplication`` answers hits even
    before that. ``ConditionalGetMiddleware`` below it gives every page its ETag; a
    reader's conditional request is answered here, so a miss still stores the full page
    and a 304 keeps the page's ``Age``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and _is_anonymous_read(request)):
            return self.get_response(request)
        key, entry = stored_page(request)
        if entry is not None:
            return _conditional(request, _replay(request, entry))
        cache = caches[cache_alias()]
        # Read before the page is rendered: a purge after this point stales what is stored.
        sequence = pages.sequence(cache)
        conditions = {
            name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
        }
        response = self.get_response(request)
        request.META.update(conditions)
        if request.method == "GET" and sequence is not None and is_storable(response):
            pages.store(cache, key, sequence, response)
        return _conditional(request, response)
