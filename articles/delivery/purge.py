"""
The one way to stale cached pages: by content key, in every cache tier.

``purge(keys)`` hands the keys to each backend named in ``NEWSROOM_PURGE_BACKENDS``
(dotted paths to callables taking a set of keys), the site's own page cache first and any
cache in front of the site after it. ``purge_on_commit(keys)`` waits for the transaction,
so no tier fetches the old rows again after its purge. A backend that fails is logged and
the others still run: every page also ends at its lifetime.
"""

import functools
import logging
from collections.abc import Iterable

from django.core.signals import setting_changed
from django.db import transaction
from django.utils.module_loading import import_string

from articles.conf import setting

logger = logging.getLogger(__name__)


@functools.cache
def backends() -> tuple:
    paths = setting("NEWSROOM_PURGE_BACKENDS")
    return tuple(import_string(path) for path in paths)


def purge(keys: Iterable[str]) -> None:
    """Stale every cached page showing any of ``keys``, now, in every tier."""
    keys = frozenset(keys)
    if not keys:
        return
    for backend in backends():
        try:
            backend(keys)
        except Exception:  # one tier's failure must not stop the others
            logger.exception("Purging %s with %s failed", " ".join(sorted(keys)), backend)


def purge_on_commit(keys: Iterable[str], using=None) -> None:
    """Purge ``keys`` once the current transaction commits (at once outside one)."""
    keys = frozenset(keys)
    if keys:
        transaction.on_commit(functools.partial(purge, keys), using=using)


def _settings_changed(setting, **kwargs):
    if setting == "NEWSROOM_PURGE_BACKENDS":
        backends.cache_clear()


def connect_signals():
    setting_changed.connect(_settings_changed, dispatch_uid="delivery:purge-backends")
