"""
Newsroom's own settings: every ``NEWSROOM_*`` name and its default, in one place.

``newsroom/settings.py`` sets a name only where a deployment gives a value (from the
environment). Code reads each through ``setting(name)`` when it needs it, never at import
time, so tests and deployments can override any of them.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy

DEFAULTS = {
    # The name in the header and feeds; the site's address in links made without a request.
    "NEWSROOM_SITE_NAME": "Newsroom",
    "NEWSROOM_SITE_URL": "",
    # ua-parser browser families that get the notice, and the notice.
    "NEWSROOM_UNSUPPORTED_BROWSERS": ("IE", "IE Mobile"),
    "NEWSROOM_BROWSER_NOTICE": gettext_lazy(
        "IE 11 is not supported. For an optimal experience visit our site on another browser."
    ),
    # The page cache for anonymous readers: on or off, its cache, how long it waits after
    # a failure before trying again, and the longest any page lives in a cache.
    "NEWSROOM_PAGE_CACHE": False,
    "NEWSROOM_PAGE_CACHE_ALIAS": "pages",
    "NEWSROOM_PAGE_CACHE_RETRY_SECONDS": 5,
    "NEWSROOM_PAGE_CACHE_SECONDS": 300,
    # Where a change's content keys are purged, in order (dotted paths to callables): the
    # page cache, then the Varnish caches in front of the site (none unless listed below).
    "NEWSROOM_PURGE_BACKENDS": (
        "articles.delivery.pagecache.purge",
        "articles.delivery.varnish.purge",
    ),
    # The Varnish caches in front of the site (http://host:port, one per Varnish), how long
    # a purge request may take, and the pauses before each further try of a failed purge.
    "NEWSROOM_VARNISH_PURGE_URLS": (),
    "NEWSROOM_VARNISH_PURGE_TIMEOUT": 2,
    "NEWSROOM_VARNISH_PURGE_RETRY_DELAYS": (1, 3, 10),
    # How long a share link for a draft works.
    "NEWSROOM_PREVIEW_LINK_HOURS": 72,
    # Seconds any SQL statement of a reader's page may run before the reader gets the
    # "busy, try again" page (503); 0 turns the limit off. Admin and commands are exempt.
    "NEWSROOM_READER_STATEMENT_TIMEOUT": 3,
    # Whether the reader pages' hot queries are prepared statements on PostgreSQL, planned
    # once per connection; off behind a connection pooler that cannot keep them.
    "NEWSROOM_PREPARED_STATEMENTS": True,
    # How many related stories, and how many more from the section, follow a story.
    "NEWSROOM_RELATED_ARTICLES": 4,
    "NEWSROOM_MORE_FROM_SECTION": 4,
    # Seconds someone stays on an article form's "also here" list after their last report.
    "NEWSROOM_PRESENCE_SECONDS": 20,
    # The cache presence reports live in (an alias of CACHES), and how long it is left
    # alone after it fails.
    "NEWSROOM_PRESENCE_CACHE": "default",
    "NEWSROOM_PRESENCE_RETRY_SECONDS": 5,
    # The picture social cards and structured data show for a story with no lead image (or
    # one outside its rights window): a static file, its size, and its alt text.
    "NEWSROOM_DEFAULT_IMAGE": ("img/default-card.png", 1200, 630, "Newsroom"),
    # Failed sign-ins from one address, on any accounts, before the address is locked.
    "NEWSROOM_ADDRESS_FAILURE_LIMIT": 50,
    # Wire ingest (articles/wire/): the folders agencies drop files into (absolute paths),
    # the largest file or feed read, how long a feed may take, and the hosts a feed may
    # name although they resolve inside the network (loopback, private, link-local).
    "NEWSROOM_WIRE_FOLDERS": (),
    "NEWSROOM_WIRE_MAX_BYTES": 5_000_000,
    "NEWSROOM_WIRE_FEED_SECONDS": 20,
    "NEWSROOM_WIRE_INTERNAL_HOSTS": (),
    # The content API (articles/api/): items per page, at most.
    "NEWSROOM_API_PAGE_SIZE": 20,
}


def setting(name: str):
    """The value of ``name`` now: the deployment's, else the default above."""
    return getattr(settings, name, DEFAULTS[name])
