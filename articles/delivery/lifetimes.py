"""
How long a reader page may be cached, by Django's page cache and by any shared cache
in front of the site.

A page is fresh until the earliest of: the site's default lifetime, and the next instant
at which something on it changes by itself (a video's rights window opens or closes, a
scheduled article goes live, a front's next line-up starts, the breaking-news banner
appears or ends). Views report such instants with ``bound_lifetime``;
``reader_cache_headers`` turns them into Cache-Control. Pages for signed-in staff and
previews are never cached.
"""

import math
from datetime import datetime

from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from articles.conf import setting
from articles.reader import breaking

DEFAULT_STALE_WHILE_REVALIDATE = 30
# How long a shared cache may keep serving a page while the site answers with errors
# (app servers or the database down): the last good copy beats an error page.
DEFAULT_STALE_IF_ERROR = 24 * 60 * 60


def page_lifetime():
    return setting("NEWSROOM_PAGE_CACHE_SECONDS")


def bound_lifetime(response, instant: datetime | None):
    """Record that ``response`` stops being true at ``instant`` (None: no bound)."""
    if instant is None:
        return response
    current = getattr(response, "fresh_until", None)
    if current is None or instant < current:
        response.fresh_until = instant
    return response


def _seconds_until_bound(response, now):
    bound = getattr(response, "fresh_until", None)
    if bound is None:
        return None
    return max(0, math.floor((bound - now).total_seconds()))


def seconds_fresh(response, now=None) -> int:
    """The response's lifetime in whole seconds, never past its bound."""
    until_bound = _seconds_until_bound(response, now or timezone.now())
    lifetime = page_lifetime()
    return lifetime if until_bound is None else min(lifetime, until_bound)


def reader_cache_headers(response, request, now=None):
    """Public, bounded Cache-Control for anonymous readers; never-cache for everyone else."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
    now = now or timezone.now()
    # Every page shows the breaking-news banner: none outlives its next change. (Feeds,
    # sitemaps and robots.txt do not show it.)
    if "text/html" in response.get("Content-Type", ""):
        bound_lifetime(response, breaking.for_request(request)[1])
    lifetime = seconds_fresh(response, now)
    if lifetime <= 0:
        add_never_cache_headers(response)
        return response
    # Serving stale, while revalidating or on an error, must not carry a page past its
    # bound either.
    until_bound = _seconds_until_bound(response, now)
    stale, on_error = DEFAULT_STALE_WHILE_REVALIDATE, DEFAULT_STALE_IF_ERROR
    if until_bound is not None:
        stale = min(stale, until_bound - lifetime)
        on_error = min(on_error, until_bound - lifetime)
    patch_cache_control(
        response,
        public=True,
        max_age=lifetime,
        s_maxage=lifetime,
        stale_while_revalidate=stale,
        stale_if_error=on_error,
    )
    return response
