"""
The breaking-news banner on every reader page, kept in the default cache.

The banners that have not ended are read once and kept as plain values; each request
picks the one showing at its instant (started, not ended, its story live), so a banner
appears and expires with no job, and every page's lifetime ends at the next such instant
(``articles.delivery.lifetimes``). Saving a banner, or the story it links to, drops the
stored copy and purges ``site`` (``articles.delivery.changes``), so every cached page
shows the change at once.
"""

from datetime import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

CACHE_KEY = "breaking:banners"
TIMEOUT_SECONDS = 15 * 60
MAX_BANNERS = 20


class Banner(NamedTuple):
    text: str
    url: str
    starts_at: datetime
    ends_at: datetime | None
    article_published_at: datetime

    def shows_at(self, now):
        return (
            self.starts_at <= now
            and self.article_published_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )

    def changes_after(self, now):
        """The instants after ``now`` at which this banner appears or goes."""
        return [
            t for t in (self.starts_at, self.article_published_at, self.ends_at) if t and t > now
        ]


def _stored():
    """Every banner not yet ended whose story is published or scheduled: no query while cached."""
    from articles.models import Article, BreakingNews

    stored = cache.get(CACHE_KEY)
    if stored is None:
        rows = (
            BreakingNews.objects.not_ended()
            .filter(article__status=Article.Status.PUBLISHED)
            .select_related("article__section")
            .only(
                "text",
                "starts_at",
                "ends_at",
                "article__slug",
                "article__published_at",
                "article__section__slug",
            )
            .order_by("-starts_at", "-pk")[:MAX_BANNERS]
        )
        stored = [
            (b.text, b.article.get_absolute_url(), b.starts_at, b.ends_at, b.article.published_at)
            for b in rows
        ]
        cache.set(CACHE_KEY, stored, timeout=TIMEOUT_SECONDS)
    return [Banner(*row) for row in stored]


def current(now=None) -> tuple[Banner | None, datetime | None]:
    """The banner showing at ``now`` (the latest started) and the next instant that changes."""
    now = now or timezone.now()
    banners = _stored()
    showing = next((banner for banner in banners if banner.shows_at(now)), None)
    changes = [t for banner in banners for t in banner.changes_after(now)]
    return showing, min(changes, default=None)


def for_request(request):
    """``current()`` once per request."""
    found = getattr(request, "_breaking_news", None)
    if found is None:
        found = request._breaking_news = current()
    return found


def forget():
    cache.delete(CACHE_KEY)


def _changed(**kwargs):
    forget()
    # Another request may have stored the old rows before this transaction committed.
    transaction.on_commit(forget)


def connect_signals():
    from articles.models import Article, BreakingNews, Section

    for model in (BreakingNews, Article, Section):
        uid = f"breaking:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
