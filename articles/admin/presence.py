"""
Who else is here: the people who have an article's form open right now, on that form.

Each open form reports every few seconds (``static/js/presence.js``) and says goodbye when
it is left; a report lasts ``NEWSROOM_PRESENCE_SECONDS``, so a closed laptop drops off the
list on its own. Reports live in a cache (``NEWSROOM_PRESENCE_CACHE``: Redis in
production, shared by every app server, told not to hide its errors), never in the
database. When that cache fails (Redis down), the form says who else is here cannot be
shown, the endpoint answers 503 with that sentence, and the cache is left alone for
``NEWSROOM_PRESENCE_RETRY_SECONDS`` before it is tried again, so no page waits on it.
The stale-save refusal stays the last line of defence.
"""

import functools
import time

from django.core.cache import caches
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.admin.publishing import opened_article
from articles.conf import setting
from articles.delivery.pagecache import CACHE_ERRORS

UNAVAILABLE = "Who else has this article open cannot be shown right now."


class Unavailable(Exception):
    """The presence cache failed, now or a moment ago."""


_down_until = 0.0


def _cache_call(method, *args):
    """``method`` of the presence cache, or Unavailable while the cache is failing."""
    global _down_until  # one outage, remembered by this process
    if time.monotonic() < _down_until:
        raise Unavailable
    try:
        return getattr(caches[setting("NEWSROOM_PRESENCE_CACHE")], method)(*args)
    except CACHE_ERRORS as error:
        _down_until = time.monotonic() + setting("NEWSROOM_PRESENCE_RETRY_SECONDS")
        raise Unavailable from error


def _key(article_pk):
    return f"presence:article:{article_pk}"


def _display_name(user):
    return user.get_full_name() or user.get_username()


def here(article_pk, now=None):
    """``{user id: (name, last report)}`` of those with the form open, expired ones gone."""
    now = time.time() if now is None else now
    lifetime = setting("NEWSROOM_PRESENCE_SECONDS")
    reports = _cache_call("get", _key(article_pk)) or {}
    return {user: report for user, report in reports.items() if now - report[1] < lifetime}


def report(article_pk, user, leaving=False):
    """Record that ``user`` has the form open (or has left it); who is here now."""
    present = here(article_pk)
    if leaving:
        present.pop(user.pk, None)
    else:
        present[user.pk] = (_display_name(user), time.time())
    _cache_call("set", _key(article_pk), present, setting("NEWSROOM_PRESENCE_SECONDS") * 2)
    return present


def others(present, user):
    return sorted(name for pk, (name, _) in present.items() if pk != user.pk)


def urls(model_admin):
    return [
        path(
            "<path:object_id>/presence/",
            model_admin.admin_site.admin_view(
                functools.partial(presence_view, model_admin=model_admin)
            ),
            name="articles_article_presence",
        )
    ]


@require_POST
def presence_view(request, object_id, *, model_admin):
    article = opened_article(
        model_admin, request, object_id, model_admin.has_view_or_change_permission
    )
    try:
        present = report(article.pk, request.user, leaving="leaving" in request.POST)
    except Unavailable:
        return JsonResponse({"others": [], "error": UNAVAILABLE}, status=503)
    return JsonResponse({"others": others(present, request.user)})


def form_context(request, obj):
    """For an article's change form being opened: the endpoint, and who else is here."""
    if obj is None or request.method != "GET":
        return {}
    context = {"presence_url": reverse("admin:articles_article_presence", args=[obj.pk])}
    try:
        context["present_others"] = others(report(obj.pk, request.user), request.user)
    except Unavailable:
        context["presence_unavailable"] = UNAVAILABLE
    return context
