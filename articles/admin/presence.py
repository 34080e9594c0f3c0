"""
Who else is here: the people who have an article's form open right now, on that form.

Each open form reports every few seconds (``static/js/presence.js``) and says goodbye when
it is left; a report lasts ``NEWSROOM_PRESENCE_SECONDS``, so a closed laptop drops off the
list on its own. Reports live in the default cache (Redis in production, shared by every
app server), never in the database. The stale-save refusal stays the last line of defence.
"""

import functools
import time

from django.core.cache import cache
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.admin.publishing import opened_article
from articles.conf import setting


def _key(article_pk):
    return f"presence:article:{article_pk}"


def _display_name(user):
    return user.get_full_name() or user.get_username()


def here(article_pk, now=None):
    """``{user id: (name, last report)}`` of those with the form open, expired ones gone."""
    now = time.time() if now is None else now
    lifetime = setting("NEWSROOM_PRESENCE_SECONDS")
    reports = cache.get(_key(article_pk)) or {}
    return {user: report for user, report in reports.items() if now - report[1] < lifetime}


def report(article_pk, user, leaving=False):
    """Record that ``user`` has the form open (or has left it); who is here now."""
    present = here(article_pk)
    if leaving:
        present.pop(user.pk, None)
    else:
        present[user.pk] = (_display_name(user), time.time())
    cache.set(_key(article_pk), present, setting("NEWSROOM_PRESENCE_SECONDS") * 2)
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
    present = report(article.pk, request.user, leaving="leaving" in request.POST)
    return JsonResponse({"others": others(present, request.user)})


def form_context(request, obj):
    """For an article's change form being opened: the endpoint, and who else is here."""
    if obj is None or request.method != "GET":
        return {}
    return {
        "presence_url": reverse("admin:articles_article_presence", args=[obj.pk]),
        "present_others": others(report(obj.pk, request.user), request.user),
    }
