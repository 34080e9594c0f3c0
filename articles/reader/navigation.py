"""
The section navigation every reader page shows, kept in the default cache.

Sections change rarely and only through the admin, so the list is read from the database
once and then served from the cache (Redis in production, shared by every app server).
Saving or deleting a section drops the stored list at once, and again when the transaction
commits, so no server keeps showing the old one; the timeout bounds how long a copy can
live should a change ever bypass the signals (a queryset ``update``, say).
"""

from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CACHE_KEY = "navigation:links"
TIMEOUT_SECONDS = 15 * 60


class NavLink(NamedTuple):
    name: str
    url: str


def sections():
    """The sections readers can browse, in the editors' order: no query while cached."""
    from articles.models import Section

    # Plain names and addresses are stored, not model instances, so a copy written by an
    # older release still reads after a deploy, and no page reverses a URL per section.
    stored = cache.get(CACHE_KEY)
    if stored is None:
        stored = [(s.name, s.get_absolute_url()) for s in Section.objects.only("name", "slug")]
        cache.set(CACHE_KEY, stored, timeout=TIMEOUT_SECONDS)
    return [NavLink(name, url) for name, url in stored]


def forget():
    cache.delete(CACHE_KEY)


def _section_changed(**kwargs):
    forget()
    # Another request may have cached the old rows before this transaction committed.
    transaction.on_commit(forget)


def connect_signals():
    from articles.models import Section

    post_save.connect(_section_changed, sender=Section, dispatch_uid="navigation:save")
    post_delete.connect(_section_changed, sender=Section, dispatch_uid="navigation:delete")
